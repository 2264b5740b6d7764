using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Http;

public sealed class HealthFunction(StorageHealthProbe probe, IOptions<AiOptions> ai)
{
    [Function("Health")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var storage = await probe.CheckAsync(cancellationToken);
        var options = ai.Value;
        var report = new HealthReport(
            Status: storage.Reachable ? "healthy" : "unhealthy",
            Storage: storage,
            Ai: new AiHealth(options.Mode, options.Provider.ToString()));
        return new ObjectResult(report) { StatusCode = storage.Reachable ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable };
    }
}

public sealed record HealthReport(string Status, StorageHealth Storage, AiHealth Ai);

/// <summary>The AI mode in use; no endpoint or deployment name, since anyone may call health.</summary>
public sealed record AiHealth(string Mode, string Provider);
