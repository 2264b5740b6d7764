using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace LeadFunctions.Dashboard;

/// <summary>Answers with a dashboard asset under the page's security headers, or 304 when the browser has it already.</summary>
internal static class DashboardResults
{
    public static IActionResult Serve(HttpRequest request, DashboardAssets.Asset asset)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = DashboardAssets.ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ETag = asset.ETag;
        headers.CacheControl = "no-cache";
        if (request.Headers.IfNoneMatch.Any(tag => tag == asset.ETag))
        {
            return new StatusCodeResult(StatusCodes.Status304NotModified);
        }

        return new FileContentResult(asset.Content, MediaTypeHeaderValue.Parse(asset.ContentType));
    }
}
