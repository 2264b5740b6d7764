using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Testing;

/// <summary>The test servers' one way to stand up Kestrel: on 127.0.0.1 at a free port, without log noise.</summary>
public static class LoopbackWebApp
{
    public static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        return builder;
    }

    /// <summary>Starts the app and answers the address it listens on, ending in <c>/</c>.</summary>
    public static async Task<Uri> StartAsync(WebApplication app)
    {
        await app.StartAsync();
        return Address(app);
    }

    /// <summary>The address a started app listens on, ending in <c>/</c>.</summary>
    public static Uri Address(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");

    /// <summary>
    /// Writes a function's <see cref="IActionResult"/> to the response, as the Functions host does for an HTTP function
    /// (the app needs <c>AddMvcCore</c>): lets a test serve the app's functions from plain endpoints.
    /// </summary>
    public static Task ExecuteAsync(HttpContext context, IActionResult result) =>
        result.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
}
