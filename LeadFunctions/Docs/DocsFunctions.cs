using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Docs;

/// <summary>
/// <c>GET /api/openapi.json</c> and <c>GET /api/docs</c> (Swagger UI; its files come from <see cref="ApiDocsAssetFunction"/>):
/// the API's own description, readable without a key.
/// </summary>
public sealed class DocsFunctions(IOptions<LeadScoringOptions> options)
{
    [Function("OpenApiDocument")]
    public IActionResult Document(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi.json")] HttpRequest request)
    {
        request.HttpContext.Response.Headers.XContentTypeOptions = "nosniff";
        return new ContentResult
        {
            Content = OpenApiDocumentBuilder.BuildJson(options.Value.MaxUploadBytes),
            ContentType = "application/json; charset=utf-8",
            StatusCode = StatusCodes.Status200OK,
        };
    }

    [Function("ApiDocs")]
    public IActionResult Page(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "docs")] HttpRequest request)
    {
        var headers = request.HttpContext.Response.Headers;
        headers.ContentSecurityPolicy = ApiDocsPage.ContentSecurityPolicy;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        return new ContentResult
        {
            Content = ApiDocsPage.Html(trailingSlash: request.Path.Value?.EndsWith('/') == true),
            ContentType = "text/html; charset=utf-8",
            StatusCode = StatusCodes.Status200OK,
        };
    }
}
