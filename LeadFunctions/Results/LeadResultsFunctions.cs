using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.Results;

/// <summary><c>GET /api/leads/results</c> (the original's route) and <c>GET /api/leads</c>: the same paginated listing.</summary>
public sealed class LeadResultsFunctions(LeadPager pager)
{
    [Function("GetLeadResults")]
    public Task<IActionResult> Results(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "leads/results")] HttpRequest request, CancellationToken ct) =>
        PageAsync(request, ct);

    [Function("ListLeads")]
    public Task<IActionResult> List(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "leads")] HttpRequest request, CancellationToken ct) =>
        PageAsync(request, ct);

    private async Task<IActionResult> PageAsync(HttpRequest request, CancellationToken ct)
    {
        var (page, errors) = LeadQueryParser.ParsePage(request.Query);
        return page is null ? Problems.Validation(errors) : new OkObjectResult(await pager.ReadPageAsync(page, request, ct));
    }
}
