using LeadFunctions.LocalHost.Configuration;
using LeadFunctions.LocalHost.Events;
using LeadFunctions.LocalHost.Storage;
using LeadFunctions.LocalHost.TriggerAdapters;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Azure.WebJobs.Host.Config;
using Microsoft.Azure.WebJobs.Host.Timers;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Trace;

namespace LeadFunctions.LocalHost;

/// <summary>
/// Runs the function app in one process without the Functions host: the app's blob and queue functions through the
/// WebJobs storage extensions (real polling, batching, visibility timeouts, dequeue counts and poison queues, with
/// host.json's settings; blob events through the blobs extension's webhook, fed by a <see cref="LocalEventGrid"/>),
/// its HTTP functions on Kestrel under <c>/api</c>, and the app's own DI
/// (<see cref="ApplicationServiceCollectionExtensions.AddApplicationServices"/>).
/// </summary>
public static class LocalFunctionsHost
{
    /// <summary>The port <c>func start</c> uses, when neither <c>--urls</c> nor local.settings.json's <c>Host.LocalHttpPort</c> says otherwise.</summary>
    public const int DefaultHttpPort = 7071;

    /// <summary>The source of ASP.NET Core's request activities (<c>Microsoft.AspNetCore.Hosting.HttpRequestIn</c>).</summary>
    private const string AspNetCoreActivitySource = "Microsoft.AspNetCore";

    public static LocalFunctionsHostBuilder CreateBuilder(string[] args, Action<IServiceCollection>? configureServices = null) =>
        CreateBuilder(new LocalFunctionsHostOptions { Args = args, ConfigureServices = configureServices });

    public static LocalFunctionsHostBuilder CreateBuilder(LocalFunctionsHostOptions options)
    {
        var layout = options.Layout ?? RepositoryLayout.Discover(Directory.GetCurrentDirectory());
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = options.Args,
            ContentRootPath = layout.Root ?? layout.AppDirectory,
        });

        var localSettingsPath = options.LoadLocalSettings ? layout.LocalSettingsPath : null;
        var localSettings = localSettingsPath is null ? null : LocalSettingsLoader.Load(localSettingsPath);
        AppSettingsLayering.Apply(builder.Configuration, layout.HostJsonPath, localSettings, options.Settings);

        if (string.IsNullOrEmpty(builder.Configuration[WebHostDefaults.ServerUrlsKey]))
        {
            builder.WebHost.UseUrls($"http://127.0.0.1:{localSettings?.LocalHttpPort ?? DefaultHttpPort}");
        }

        var services = builder.Services;
        services.AddSingleton(layout);

        // Registered before the WebJobs host so storage answers before the triggers start listening, and stops after them.
        services.AddHostedService<DevelopmentStorageLauncher>();
        services.AddHostedService<TriggerResourceProvisioner>();
        services.AddApplicationServices(builder.Configuration);
        services.AddLeadTelemetry(builder.Configuration);
        // Kestrel's request spans stand in for the Functions host's requests: they parent the app's HTTP function spans,
        // which a request span nobody records would otherwise leave unrecorded too.
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddSource(AspNetCoreActivitySource));
        services.AddSingleton<ExtensionWebhooks>();
        services.AddSingleton<BlobsWebhookEndpoint>();
        services.AddSingleton<IngestedBlobs>();
        services.AddHostedService<LocalEventGridService>();
        builder.Host.ConfigureWebJobs(webJobs =>
        {
            webJobs.AddAzureStorageBlobs();
            webJobs.AddAzureStorageQueues();
            webJobs.Services.Replace(ServiceDescriptor.Singleton<ITypeLocator, TriggerAdapterTypeLocator>());
#pragma warning disable CS0618 // IWebHookProvider: how the blobs extension registers its Event Grid webhook.
            webJobs.Services.AddSingleton<IWebHookProvider>(sp => sp.GetRequiredService<ExtensionWebhooks>());
#pragma warning restore CS0618
            webJobs.Services.AddOptions<JobHostFunctionTimeoutOptions>().Configure<IConfiguration>(FunctionTimeoutConfigurator.Configure);
            webJobs.Services.AddSingleton<HostFaultHandler>();
            webJobs.Services.Replace(ServiceDescriptor.Singleton<IWebJobsExceptionHandlerFactory>(sp => sp.GetRequiredService<HostFaultHandler>()));
        });
        options.ConfigureServices?.Invoke(services);

        return new LocalFunctionsHostBuilder(builder, layout, localSettingsPath);
    }
}
