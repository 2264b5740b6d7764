using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.IntegrationTests.Docs;

/// <summary>
/// Serves the docs functions on 127.0.0.1 (a free port) the way the Functions host would route them, so a real
/// browser can load the page. <c>documentOverride</c> replaces openapi.json to feed the page hostile text;
/// <c>assetDirectory</c> replaces the build output's swagger-ui folder (an empty one stands for a build without npm ci).
/// </summary>
internal sealed class DocsTestServer(WebApplication app) : IAsyncDisposable
{
    public Uri BaseAddress { get; } = LoopbackWebApp.Address(app);

    public static async Task<DocsTestServer> StartAsync(Func<string>? documentOverride = null, string? assetDirectory = null)
    {
        var builder = LoopbackWebApp.CreateBuilder();
        builder.Services.AddMvcCore();
        var app = builder.Build();

        var functions = new DocsFunctions(Options.Create(new LeadScoringOptions()));
        app.MapGet("/api/docs", context => LoopbackWebApp.ExecuteAsync(context, functions.Page(context.Request)));
        app.MapGet("/api/docs/{file}", context => LoopbackWebApp.ExecuteAsync(context, ApiDocsAssetFunction.Serve(
            context.Request, (string)context.GetRouteValue("file")!, assetDirectory ?? ApiDocsAssetFunction.AssetDirectory)));
        app.MapGet("/api/openapi.json", context => documentOverride is null
            ? LoopbackWebApp.ExecuteAsync(context, functions.Document(context.Request))
            : LoopbackWebApp.ExecuteAsync(context, new ContentResult { Content = documentOverride(), ContentType = "application/json" }));

        await app.StartAsync();
        return new DocsTestServer(app);
    }

    public Uri DocsUrl => new(BaseAddress, "/api/docs");

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
