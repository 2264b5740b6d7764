using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.Results;

/// <summary><c>GET /api/leads/summary</c>: score histogram and intent breakdown of the leads the filters match (the dashboard's chart).</summary>
public sealed class LeadSummaryFunction(LeadReader reader)
{
    [Function("GetLeadSummary")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "leads/summary")] HttpRequest request, CancellationToken ct)
    {
        var (filter, errors) = LeadQueryParser.ParseFilter(request.Query);
        return filter is null
            ? Problems.Validation(errors)
            : new OkObjectResult(LeadSummaryBuilder.Build(filter, await reader.ReadTalliesAsync(filter, ct)));
    }
}
