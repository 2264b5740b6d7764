using System.Diagnostics;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using LeadFunctions.LocalHost.Configuration;
using LeadFunctions.LocalHost.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeadFunctions.Benchmarks;

/// <summary>
/// The storage every scenario runs on: a private in-memory Azurite on free loopback ports, started with the local
/// host's own launcher and stopped (by its node process id) at the end; or the account named by
/// <c>LEADFUNCTIONS_BENCH_STORAGE</c>.
/// </summary>
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

    /// <summary>What the scenarios ran on, for the report.</summary>
    public string Description => _azurite is null
        ? "the storage account in " + StorageEnvironmentVariable
        : "Azurite " + AzuriteVersion() + " (in-memory, one node process on the same machine)";

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
    public long? AzuriteWorkingSet()
    {
        if (_azurite is null)
        {
            return null;
        }

        try
        {
            using var process = Process.GetProcessById(_azurite.ProcessId);
            return process.WorkingSet64;
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
