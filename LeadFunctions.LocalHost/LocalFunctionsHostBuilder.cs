using LeadFunctions.LocalHost.Catalogue;
using LeadFunctions.LocalHost.Configuration;
using LeadFunctions.LocalHost.Events;
using LeadFunctions.LocalHost.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.LocalHost;

/// <summary>A configured local host, open for more services before <see cref="Build"/> maps the HTTP functions.</summary>
public sealed class LocalFunctionsHostBuilder
{
    internal LocalFunctionsHostBuilder(WebApplicationBuilder web, RepositoryLayout layout, string? localSettingsPath)
    {
        Web = web;
        Layout = layout;
        LocalSettingsPath = localSettingsPath;
    }

    public WebApplicationBuilder Web { get; }

    public RepositoryLayout Layout { get; }

    /// <summary>The local.settings.json that was read, or null.</summary>
    public string? LocalSettingsPath { get; }

    public ConfigurationManager Configuration => Web.Configuration;

    public IServiceCollection Services => Web.Services;

    public WebApplication Build()
    {
        var app = Web.Build();

        // Answers routing gives without a body (no such route, a method the route does not take) as problems too.
        app.UseStatusCodePages(status => Problems.WriteAsync(status.HttpContext, Problems.Problem(
            status.HttpContext.Response.StatusCode,
            ReasonPhrases.GetReasonPhrase(status.HttpContext.Response.StatusCode),
            $"No function answers {status.HttpContext.Request.Method} on this path.")));
        var routePrefix = app.Configuration[$"{HostJsonExtensionsConfigurator.JobHostSection}:extensions:http:routePrefix"]
            ?? HttpFunctionRouter.DefaultRoutePrefix;
        HttpFunctionRouter.Map(app, HttpFunctionDiscovery.Discover(LocalFunctionCatalogue.AppAssembly), routePrefix);
        BlobsWebhookEndpoint.Map(app);

        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("LeadFunctions.LocalHost");
        logger.LogInformation(
            "Repository root: {Root}; host.json: {HostJson}; local.settings.json: {LocalSettings}.",
            Layout.Root ?? "(not found)", Layout.HostJsonPath ?? "(none)", LocalSettingsPath ?? "(none)");
        return app;
    }
}
