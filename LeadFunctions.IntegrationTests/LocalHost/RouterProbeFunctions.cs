using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.IntegrationTests.LocalHost;

/// <summary>HTTP functions written only to exercise the local host's router and binder; not part of the app.</summary>
public sealed class RouterProbeFunctions
{
    [Function("ProbeEcho")]
    public IActionResult Echo(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "probe/{id:int}/{name}")] HttpRequest request,
        int id,
        string name,
        CancellationToken cancellationToken) =>
        new OkObjectResult(new { id, name, method = request.Method, aborted = cancellationToken.IsCancellationRequested });

    [Function("ProbeItem")]
    public static IActionResult Item([HttpTrigger(AuthorizationLevel.Function, "get", "delete", Route = "probe/items/{id}")] HttpRequest request, Guid id) =>
        new OkObjectResult(new { id, method = request.Method });

    [Function("ProbeThrows")]
    public Task<IActionResult> Throws([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "probe/throws")] HttpRequest request) =>
        throw new InvalidOperationException("secret internal detail");

    [Function("ProbeDefaultRoute")]
    public IResult DefaultRoute([HttpTrigger(AuthorizationLevel.Anonymous)] HttpRequest request) => Microsoft.AspNetCore.Http.Results.Text("default route");
}

/// <summary>A function whose parameter the local host cannot bind: it must refuse it at start-up.</summary>
public sealed class UnbindableProbeFunctions
{
    [Function("ProbeUnbindable")]
    public IActionResult Run([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "unbindable")] HttpRequest request, Stream body) => new OkResult();

    [Function("ProbeMissingRouteValue")]
    public IActionResult Missing([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "missing")] HttpRequest request, string id) => new OkResult();
}
