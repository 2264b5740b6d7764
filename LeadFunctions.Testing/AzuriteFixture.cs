using System.Diagnostics;
using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using LeadFunctions.LocalHost.Configuration;
using LeadFunctions.LocalHost.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeadFunctions.Testing;

/// <summary>
/// The one way tests and benchmarks get storage: a private Azurite on free loopback ports with in-memory persistence,
/// started with the local host's own launcher and stopped (by the node process id) when disposed — or, when the
/// environment variable named at the start holds a connection string, that account instead. Tests share one per
/// collection (<c>LEADFUNCTIONS_TEST_STORAGE</c>) and keep out of each other's way with the unique names it hands out;
/// the benchmarks start one per scenario (<c>LEADFUNCTIONS_BENCH_STORAGE</c>).
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime, IAsyncDisposable
{
    public const string StorageEnvironmentVariable = "LEADFUNCTIONS_TEST_STORAGE";

    /// <summary>A loaded machine (a build or a CI run beside it) can take well over a minute to start node.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(2);

    private readonly string _environmentVariable;

    private AzuriteProcess? _azurite;

    /// <summary>The tests' storage, started by xunit as a collection fixture.</summary>
    public AzuriteFixture()
        : this(StorageEnvironmentVariable)
    {
    }

    private AzuriteFixture(string environmentVariable) => _environmentVariable = environmentVariable;

    /// <summary>An explicit connection string (endpoints and the well-known development key), never <c>UseDevelopmentStorage</c>.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>The node process of the Azurite this fixture started; null when storage came from the environment.</summary>
    public int? AzuriteProcessId => _azurite?.ProcessId;

    /// <summary>True for an Azurite of its own, which nobody else sees and which goes away with this fixture.</summary>
    public bool IsPrivate => _azurite is not null;

    /// <summary>Storage outside xunit: the account in <paramref name="environmentVariable"/> when set, else a private Azurite.</summary>
    public static async Task<AzuriteFixture> StartAsync(string environmentVariable, CancellationToken ct)
    {
        var storage = new AzuriteFixture(environmentVariable);
        await storage.StartAsync(ct);
        return storage;
    }

    /// <summary>The account <paramref name="environmentVariable"/> names, or what <see cref="StartAsync(string, CancellationToken)"/> starts, for a report.</summary>
    public static string Describe(string environmentVariable) => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(environmentVariable))
        ? string.Join(' ', "Azurite", AzuriteVersion()).TrimEnd() + ", in memory, one node process on this machine"
        : "the storage account in " + environmentVariable;

    public Task InitializeAsync() => StartAsync(CancellationToken.None);

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    /// <summary>Working set of the Azurite process, when this fixture started one.</summary>
    public long? AzuriteWorkingSet() => ReadAzurite(p => p.WorkingSet64);

    /// <summary>CPU time Azurite has used so far, when this fixture started it.</summary>
    public TimeSpan? AzuriteCpuTime() => ReadAzurite(p => p.TotalProcessorTime);

    /// <summary>A fresh blob container name (3–63 lower-case letters, digits, hyphens).</summary>
    public static string NewContainerName(string prefix = "test") => UniqueName(prefix, maxLength: 63);

    /// <summary>A fresh queue name, short enough that its <c>-poison</c> queue is a valid name too.</summary>
    public static string NewQueueName(string prefix = "test") => UniqueName(prefix, maxLength: 63 - LeadScoringOptions.PoisonQueueSuffix.Length);

    /// <summary>A fresh table-name prefix (letters and digits, starting with a letter).</summary>
    public static string NewTablePrefix() => $"t{Guid.NewGuid():N}"[..13];

    public BlobServiceClient CreateBlobServiceClient() => new(ConnectionString);

    /// <summary>Base64 messages, as the queue trigger (host.json <c>messageEncoding</c>) expects.</summary>
    public QueueServiceClient CreateQueueServiceClient() =>
        new(ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public TableServiceClient CreateTableServiceClient() => new(ConnectionString);

    private async Task StartAsync(CancellationToken ct)
    {
        var given = Environment.GetEnvironmentVariable(_environmentVariable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            ConnectionString = given;
            return;
        }

        var options = AzuriteLaunchOptions.InMemoryOnFreePorts(RepositoryRoot.Path) with { StartTimeout = StartTimeout };
        _azurite = await AzuriteLauncher.StartAsync(options, NullLogger.Instance, ct);
        ConnectionString = _azurite.Endpoints.ConnectionString;
    }

    private T? ReadAzurite<T>(Func<Process, T> read)
        where T : struct
    {
        if (_azurite is null)
        {
            return null;
        }

        try
        {
            using var process = Process.GetProcessById(_azurite.ProcessId);
            return read(process);
        }
        catch (ArgumentException)
        {
            // It has exited.
            return null;
        }
    }

    private static string AzuriteVersion()
    {
        var packageJson = RepositoryRoot.Combine("node_modules", "azurite", "package.json");
        if (!File.Exists(packageJson))
        {
            return "";
        }

        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(packageJson));
        return document.RootElement.TryGetProperty("version", out var version) ? version.GetString() ?? "" : "";
    }

    private static string UniqueName(string prefix, int maxLength)
    {
        // Storage names allow lower-case letters, digits and single hyphens between them.
        var cleaned = Regex.Replace(prefix.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var head = cleaned.Length == 0 ? "t" : cleaned[..Math.Min(cleaned.Length, maxLength - suffix.Length - 1)].TrimEnd('-');
        return $"{head}-{suffix}";
    }
}
