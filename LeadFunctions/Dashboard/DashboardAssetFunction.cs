using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.Dashboard;

/// <summary><c>GET /api/dashboard/app.js</c> and <c>/api/dashboard/app.css</c>: the dashboard's own script and style.</summary>
public sealed class DashboardAssetFunction
{
    [Function("DashboardAsset")]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "dashboard/{name}")] HttpRequest request, string name) =>
        DashboardAssets.Find(name) is { } asset
            ? DashboardResults.Serve(request, asset)
            : Problems.NotFound($"The dashboard has no file '{name}'.");
}
