using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.Docs;

/// <summary>
/// <c>GET /api/docs/{file}</c>: the files of the Swagger UI page (<see cref="ApiDocsPage"/>), anonymous like the page.
/// Only the names in <see cref="ApiDocsPage.Assets"/> are served, read from the build output's swagger-ui folder.
/// </summary>
public sealed class ApiDocsAssetFunction
{
    internal static readonly string AssetDirectory = Path.Combine(AppContext.BaseDirectory, ApiDocsPage.AssetFolder);

    [Function("ApiDocsAsset")]
    public IActionResult Run(
        [HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "docs/{file}")] HttpRequest request, string file) =>
        Serve(request, file, AssetDirectory);

    /// <param name="assetDirectory">Where Swagger UI's files are: the build output's, or in tests another.</param>
    internal static IActionResult Serve(HttpRequest request, string file, string assetDirectory)
    {
        if (!ApiDocsPage.Assets.TryGetValue(file, out var contentType))
        {
            return Problems.NotFound($"The API docs have no file '{file}'.");
        }

        var headers = request.HttpContext.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        // Same names across versions of swagger-ui-dist: a short cache, so an upgraded app is seen within minutes.
        headers.CacheControl = "public, max-age=300";
        if (file == ApiDocsPage.InitScriptName)
        {
            return new ContentResult { Content = ApiDocsPage.InitScript, ContentType = contentType, StatusCode = StatusCodes.Status200OK };
        }

        var path = Path.Combine(assetDirectory, file);
        if (!File.Exists(path))
        {
            return Problems.NotFound(ApiDocsPage.MissingAssetsHint);
        }

        return new FileStreamResult(File.OpenRead(path), contentType);
    }
}
