using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using LeadFunctions.LocalHost.Configuration;
using LeadFunctions.LocalHost.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeadFunctions.Benchmarks;

/// <summary>
/// The storage a scenario runs on: a fresh in-memory Azurite on free loopback ports, started with the local host's own
/// launcher and stopped (by its node process id) when the scenario is done; or the account named by
/// <c>LEADFUNCTIONS_BENCH_STORAGE</c>.
/// </summary>
/// <remarks>
/// One Azurite per scenario rather than one for the run: Azurite frees a deleted queue's messages in one synchronous
/// sweep that is quadratic in their number, which stalls every request for minutes after a scenario that queued
/// 100,000 messages. Throwing the process away costs nothing.
/// </remarks>
public sealed class BenchmarkStorage : IAsyncDisposable
{
    public const string StorageEnvironmentVariable = "LEADFUNCTIONS_BENCH_STORAGE";

    /// <summary>A million leads are several GB of entities in Azurite's memory, above node's default heap limit.</summary>
    private const string NodeHeapOption = "--max-old-space-size=12288";

    private readonly AzuriteProcess? _azurite;

    private BenchmarkStorage(string connectionString, AzuriteProcess? azurite)
    {
        ConnectionString = connectionString;
        _azurite = azurite;
    }

    public string ConnectionString { get; }

    /// <summary>What the scenarios run on, for the report.</summary>
    public static string Description => string.IsNullOrWhiteSpace(Environment.GetEnvironmentVariable(StorageEnvironmentVariable))
        ? "Azurite " + AzuriteVersion() + " (in-memory, one node process on the same machine, a fresh one per scenario)"
        : "the storage account in " + StorageEnvironmentVariable;

    /// <summary>True for an Azurite of this run's own, which nobody else sees and which is thrown away after the scenario.</summary>
    public bool IsPrivate => _azurite is not null;

    public static async Task<BenchmarkStorage> StartAsync(CancellationToken ct)
    {
        var given = Environment.GetEnvironmentVariable(StorageEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            return new BenchmarkStorage(given, null);
        }

        var root = RepositoryRoot();
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NODE_OPTIONS")))
        {
            // Azurite inherits it; the launcher keeps no environment of its own.
            Environment.SetEnvironmentVariable("NODE_OPTIONS", NodeHeapOption);
        }

        // A loaded machine (other builds) can take well over the default 30 s to start node.
        var options = AzuriteLaunchOptions.InMemoryOnFreePorts(root) with { StartTimeout = TimeSpan.FromMinutes(2) };
        var azurite = await AzuriteLauncher.StartAsync(options, NullLogger.Instance, ct);
        return new BenchmarkStorage(azurite.Endpoints.ConnectionString, azurite);
    }

    public static string RepositoryRoot() => RepositoryLayout.Discover(Directory.GetCurrentDirectory()).Root
        ?? throw new InvalidOperationException($"{RepositoryLayout.SolutionFileName} not found above {AppContext.BaseDirectory}; run from the repository.");

    public BlobServiceClient Blobs() => new(ConnectionString);

    /// <summary>Base64 messages, as the app's queue trigger reads them.</summary>
    public QueueServiceClient Queues() => new(ConnectionString, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public TableServiceClient Tables() => new(ConnectionString);

    /// <summary>Working set of the Azurite process, when this run started one.</summary>
    public long? AzuriteWorkingSet() => ReadAzurite(p => p.WorkingSet64);

    /// <summary>CPU time Azurite has used so far, when this run started it.</summary>
    public TimeSpan? AzuriteCpuTime() => ReadAzurite(p => p.TotalProcessorTime);

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

    public async ValueTask DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

    private static string AzuriteVersion()
    {
        var packageJson = Path.Combine(RepositoryRoot(), "node_modules", "azurite", "package.json");
        if (!File.Exists(packageJson))
        {
            return "";
        }

        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(packageJson));
        return document.RootElement.TryGetProperty("version", out var version) ? version.GetString() ?? "" : "";
    }
}
