using Azure;
using LeadFunctions.LocalHost;
using LeadFunctions.LocalHost.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace LeadFunctions.Benchmarks;

/// <summary>
/// The app in this process through <see cref="LocalFunctionsHost"/>, on its own container, queue and table prefix.
/// Started, it runs the WebJobs blob and queue triggers and the HTTP routes; not started, it is only the app's
/// services (nothing polls the queue). Disposing it stops it and, on a shared account, deletes its storage.
/// </summary>
public sealed class BenchmarkHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly AzuriteFixture _storage;
    private readonly bool _started;

    private BenchmarkHost(
        WebApplication app, AzuriteFixture storage, bool started, TransactionConflictCounter conflicts, string uploadsContainer, string scoringQueue, string tablePrefix)
    {
        _app = app;
        Conflicts = conflicts;
        _storage = storage;
        _started = started;
        UploadsContainer = uploadsContainer;
        ScoringQueue = scoringQueue;
        TablePrefix = tablePrefix;
        Http = started
            ? new HttpClient { BaseAddress = new Uri(app.Urls.First()), Timeout = TimeSpan.FromSeconds(60) }
            : new HttpClient();
    }

    /// <summary>Client of the host's HTTP routes (only when started, or routed with <see cref="RouteHttpTo"/>).</summary>
    public HttpClient Http { get; private set; }

    public IServiceProvider Services => _app.Services;

    /// <summary>Lead transactions re-planned after a conflict, since the host was built.</summary>
    public TransactionConflictCounter Conflicts { get; }

    public string UploadsContainer { get; }

    public string ScoringQueue { get; }

    public string IngestQueue => "bench-ingest-" + TablePrefix["bench".Length..];

    public string TablePrefix { get; }

    /// <param name="settings">App settings above the benchmark's defaults (storage, names, no AI).</param>
    /// <param name="start">False: build the services only, so no trigger runs.</param>
    public static async Task<BenchmarkHost> CreateAsync(
        AzuriteFixture storage, IReadOnlyDictionary<string, string?> settings, bool start, CancellationToken ct, Action<IServiceCollection>? services = null)
    {
        var id = Guid.NewGuid().ToString("N")[..10];
        var uploadsContainer = $"bench-uploads-{id}";
        var scoringQueue = $"bench-scoring-{id}";
        var tablePrefix = $"bench{id}";
        var allSettings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = storage.ConnectionString,
            ["LeadScoring:UploadsContainer"] = uploadsContainer,
            ["LeadScoring:ScoringQueue"] = scoringQueue,
            ["LeadScoring:IngestQueue"] = $"bench-ingest-{id}",
            ["LeadScoring:TablePrefix"] = tablePrefix,
            ["Ai:Provider"] = "None",
            ["urls"] = "http://127.0.0.1:0",
        };
        foreach (var (key, value) in settings)
        {
            allSettings[key] = value;
        }

        var builder = LocalFunctionsHost.CreateBuilder(new LocalFunctionsHostOptions
        {
            Layout = RepositoryLayout.At(RepositoryRoot.Path),
            LoadLocalSettings = false,
            Settings = allSettings,
            ConfigureServices = services,
        });

        // The triggers' own storage requests are counted with the app's (StorageRequestCounter).
        TriggerRequestCounting.Install(builder.Web.Services);

        // Only errors reach the console: the benchmark prints its own progress.
        builder.Web.Logging.ClearProviders();
        // A provider rule, so host.json's "Information" cannot lower it.
        builder.Web.Logging.AddSimpleConsole(o => o.SingleLine = true).AddFilter<ConsoleLoggerProvider>(null, LogLevel.Error);
        var conflicts = new TransactionConflictCounter();
        builder.Web.Logging.AddProvider(conflicts).AddFilter<TransactionConflictCounter>(TransactionConflictCounter.Category, LogLevel.Debug);
        var app = builder.Build();
        if (start)
        {
            await app.StartAsync(ct);
        }

        await app.Services.GetRequiredService<StorageResources>().EnsureCreatedAsync(ct);
        return new BenchmarkHost(app, storage, start, conflicts, uploadsContainer, scoringQueue, tablePrefix);
    }

    /// <summary>Sends <see cref="Http"/> to the app running elsewhere on the same storage and names (another process).</summary>
    public void RouteHttpTo(Uri baseAddress)
    {
        Http.Dispose();
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(60) };
    }

    /// <summary>
    /// These names and further app <paramref name="settings"/> (<c>Ai:Provider</c>) as the environment of a host in its
    /// own process (<c>Ai__Provider</c>), so that it runs the same app on the same storage as this one.
    /// </summary>
    public Dictionary<string, string> AsEnvironment(IReadOnlyDictionary<string, string?> settings)
    {
        var environment = settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value ?? "");
        environment["AzureWebJobsStorage"] = _storage.ConnectionString;
        environment["LeadScoring__UploadsContainer"] = UploadsContainer;
        environment["LeadScoring__ScoringQueue"] = ScoringQueue;
        environment["LeadScoring__TablePrefix"] = TablePrefix;
        environment["LeadScoring__IngestQueue"] = IngestQueue;
        return environment;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (_started)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _app.StopAsync(timeout.Token);
        }

        await _app.DisposeAsync();
        if (!_storage.IsPrivate)
        {
            await ForgetStorageAsync();
        }
    }

    private async Task ForgetStorageAsync()
    {
        try
        {
            await _storage.CreateBlobServiceClient().GetBlobContainerClient(UploadsContainer).DeleteIfExistsAsync();
            var queues = _storage.CreateQueueServiceClient();
            await queues.GetQueueClient(ScoringQueue).DeleteIfExistsAsync();
            await queues.GetQueueClient(LeadScoringOptions.PoisonQueueOf(ScoringQueue)).DeleteIfExistsAsync();
            await queues.GetQueueClient(IngestQueue).DeleteIfExistsAsync();
            await queues.GetQueueClient(LeadScoringOptions.PoisonQueueOf(IngestQueue)).DeleteIfExistsAsync();
            var tables = _storage.CreateTableServiceClient();
            foreach (var table in (string[])[LeadTables.Offers, LeadTables.Leads, LeadTables.Batches, LeadTables.AiCache, LeadTables.AiBudget])
            {
                await tables.DeleteTableAsync(TablePrefix + table);
            }
        }
        catch (RequestFailedException e)
        {
            Console.Error.WriteLine($"warning: could not delete the storage of a finished scenario: {e.Message}");
        }
    }
}
