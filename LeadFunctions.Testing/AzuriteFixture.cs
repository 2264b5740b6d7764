using System.Text.RegularExpressions;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using LeadFunctions.LocalHost.Configuration;
using LeadFunctions.LocalHost.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeadFunctions.Testing;

/// <summary>
/// Storage for tests: a private Azurite on free loopback ports with in-memory persistence, started once per test
/// collection and stopped (by the node process id) when the collection ends — or, when
/// <c>LEADFUNCTIONS_TEST_STORAGE</c> holds a connection string, that account instead. Tests keep out of each other's
/// way with the unique names this fixture hands out.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    public const string StorageEnvironmentVariable = "LEADFUNCTIONS_TEST_STORAGE";

    private AzuriteProcess? _azurite;

    /// <summary>An explicit connection string (endpoints and the well-known development key), never <c>UseDevelopmentStorage</c>.</summary>
    public string ConnectionString { get; private set; } = "";

    /// <summary>The node process of the Azurite this fixture started; null when storage came from the environment.</summary>
    public int? AzuriteProcessId => _azurite?.ProcessId;

    public async Task InitializeAsync()
    {
        var given = Environment.GetEnvironmentVariable(StorageEnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(given))
        {
            ConnectionString = given;
            return;
        }

        var root = RepositoryLayout.Discover(AppContext.BaseDirectory).Root
            ?? throw new InvalidOperationException($"{RepositoryLayout.SolutionFileName} not found above {AppContext.BaseDirectory}; cannot find Azurite.");
        _azurite = await AzuriteLauncher.StartAsync(AzuriteLaunchOptions.InMemoryOnFreePorts(root), NullLogger.Instance, CancellationToken.None);
        ConnectionString = _azurite.Endpoints.ConnectionString;
    }

    public async Task DisposeAsync()
    {
        if (_azurite is not null)
        {
            await _azurite.DisposeAsync();
        }
    }

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

    private static string UniqueName(string prefix, int maxLength)
    {
        // Storage names allow lower-case letters, digits and single hyphens between them.
        var cleaned = Regex.Replace(prefix.ToLowerInvariant(), "[^a-z0-9]+", "-").Trim('-');
        var suffix = Guid.NewGuid().ToString("N")[..12];
        var head = cleaned.Length == 0 ? "t" : cleaned[..Math.Min(cleaned.Length, maxLength - suffix.Length - 1)].TrimEnd('-');
        return $"{head}-{suffix}";
    }
}
