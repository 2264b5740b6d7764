using LeadFunctions.LocalHost.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.LocalHost.Events;

/// <summary>
/// <c>dotnet run --project LeadFunctions.LocalHost -- blob-events [--webhook URL]</c>: only the
/// <see cref="LocalEventGrid"/>, with the local host's settings (local.settings.json, environment), posting to another
/// host's webhook — <c>func start</c>'s by default. It starts no functions and no Azurite.
/// </summary>
public static class BlobEventsCommand
{
    public const string Name = "blob-events";

    public static readonly Uri DefaultWebhook = new($"http://127.0.0.1:{LocalFunctionsHost.DefaultHttpPort}{BlobEventsMode.WebhookPathAndQuery}");

    /// <param name="args">The arguments after <c>blob-events</c>.</param>
    /// <param name="settings">Settings above every other source (for tests).</param>
    /// <param name="ct">Stops it, as Ctrl+C does.</param>
    public static async Task<int> RunAsync(string[] args, IReadOnlyDictionary<string, string?>? settings = null, CancellationToken ct = default)
    {
        var webhook = DefaultWebhook;
        var rest = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--webhook" && i + 1 < args.Length)
            {
                if (!Uri.TryCreate(args[++i], UriKind.Absolute, out var parsed) || parsed.Scheme is not ("http" or "https"))
                {
                    await Console.Error.WriteLineAsync($"{Name}: --webhook must be an absolute http(s) URL (was '{args[i]}').");
                    return 2;
                }

                webhook = parsed;
            }
            else
            {
                rest.Add(args[i]);
            }
        }

        var layout = RepositoryLayout.Discover(Directory.GetCurrentDirectory());
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = [.. rest], ContentRootPath = layout.Root ?? layout.AppDirectory });
        var localSettings = layout.LocalSettingsPath is { } path ? LocalSettingsLoader.Load(path) : null;
        AppSettingsLayering.Apply(builder.Configuration, layout.HostJsonPath, localSettings, settings ?? new Dictionary<string, string?>());
        builder.Services.AddApplicationServices(builder.Configuration);
        builder.Services.AddSingleton<IngestedBlobs>();
        builder.Services.AddHostedService(sp => new StandInService(sp, webhook));
        using var host = builder.Build();
        await host.RunAsync(ct);
        return 0;
    }

    private sealed class StandInService(IServiceProvider services, Uri webhook) : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            var uploads = services.GetRequiredService<UploadsContainer>();
            using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
            var standIn = new LocalEventGrid(uploads.Client, webhook, http, services.GetRequiredService<IngestedBlobs>().ContainsAsync,
                services.GetRequiredService<TimeProvider>(), services.GetRequiredService<ILogger<LocalEventGrid>>());
            await uploads.EnsureCreatedAsync(stoppingToken);
            await standIn.RunAsync(stoppingToken);
        }
    }
}
