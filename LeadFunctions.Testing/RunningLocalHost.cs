using LeadFunctions.LocalHost;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Testing;

/// <summary>
/// A started local host for one test: storage from the <see cref="AzuriteFixture"/>, its own container, queue and
/// table prefix, HTTP on a free loopback port, no local.settings.json, and an <see cref="InvocationRecorder"/> on the
/// WebJobs triggers.
/// </summary>
public sealed class RunningLocalHost : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(120);

    /// <summary>
    /// HttpClient's own default. A request is not a timing assertion: on a loaded two-core CI machine one page took
    /// over 30 s once while Azurite was starved, and failing the test for it said nothing about the app.
    /// </summary>
    private static readonly TimeSpan HttpTimeout = TimeSpan.FromSeconds(100);

    private readonly WebApplication _app;

    private RunningLocalHost(WebApplication app, InvocationRecorder recorder, RecordingLoggerProvider logs, string uploadsContainer, string scoringQueue)
    {
        _app = app;
        Recorder = recorder;
        Logs = logs;
        UploadsContainer = uploadsContainer;
        ScoringQueue = scoringQueue;
        Http = new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = HttpTimeout };
    }

    public HttpClient Http { get; }

    public InvocationRecorder Recorder { get; }

    /// <summary>What the host and the app logged (at the levels host.json allows).</summary>
    public RecordingLoggerProvider Logs { get; }

    public string UploadsContainer { get; }

    public string ScoringQueue { get; }

    /// <summary>The host's services, for tests that seed storage through the app's own writers.</summary>
    public IServiceProvider Services => _app.Services;

    /// <param name="storage">The storage the host's triggers and clients use.</param>
    /// <param name="settings">Extra settings, above the test defaults.</param>
    /// <param name="configureRecorder">Prepares the recorder before the host starts (e.g. to fail a function).</param>
    /// <param name="configureServices">More services for the host, after the app's own (e.g. a telemetry exporter).</param>
    public static async Task<RunningLocalHost> StartAsync(
        AzuriteFixture storage,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<InvocationRecorder>? configureRecorder = null,
        Action<IServiceCollection>? configureServices = null)
    {
        var recorder = new InvocationRecorder();
        configureRecorder?.Invoke(recorder);
        var uploadsContainer = AzuriteFixture.NewContainerName("uploads");
        var scoringQueue = AzuriteFixture.NewQueueName("scoring");
        var allSettings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            ["LeadScoring:UploadsContainer"] = uploadsContainer,
            ["LeadScoring:ScoringQueue"] = scoringQueue,
            ["LeadScoring:OperationsQueue"] = AzuriteFixture.NewQueueName("operations"),
            ["LeadScoring:IngestQueue"] = AzuriteFixture.NewQueueName("ingest"),
            ["LeadScoring:WebhookQueue"] = AzuriteFixture.NewQueueName("webhooks"),
            // An offer deletion's last sweep comes this long after the first (5 minutes by default).
            ["LeadScoring:DeletionSweepDelay"] = "00:00:01",
            ["LeadScoring:TablePrefix"] = AzuriteFixture.NewTablePrefix(),
            ["Ai:Provider"] = "None",
            ["urls"] = "http://127.0.0.1:0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            allSettings[key] = value;
        }

        var builder = LocalFunctionsHost.CreateBuilder(new LocalFunctionsHostOptions
        {
            LoadLocalSettings = false,
            Settings = allSettings,
#pragma warning disable CS0618 // WebJobs marks filters as preview; global filters come from DI.
            ConfigureServices = services =>
            {
                services.AddSingleton<Microsoft.Azure.WebJobs.Host.IFunctionFilter>(recorder);
                configureServices?.Invoke(services);
            },
#pragma warning restore CS0618
        });
        var logs = new RecordingLoggerProvider();
        builder.Web.Logging.ClearProviders();
        builder.Web.Logging.AddProvider(logs);
        var app = builder.Build();
        using var timeout = new CancellationTokenSource(StartTimeout);
        await app.StartAsync(timeout.Token);
        return new RunningLocalHost(app, recorder, logs, uploadsContainer, scoringQueue);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _app.StopAsync(timeout.Token);
        await _app.DisposeAsync();
    }
}
