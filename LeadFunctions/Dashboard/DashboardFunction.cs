using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.Dashboard;

/// <summary>
/// <c>GET /api/dashboard</c> (<c>?offer_id=ID</c> opens on that offer): the page is anonymous like the docs and holds no
/// data; everything it shows it reads from the API, which asks for the function key in Azure.
/// </summary>
public sealed class DashboardFunction
{
    [Function("Dashboard")]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard")] HttpRequest request) =>
        DashboardResults.Serve(request, DashboardAssets.Page);
}
