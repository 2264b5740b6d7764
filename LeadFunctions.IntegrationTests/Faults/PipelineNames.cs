using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LeadFunctions.IntegrationTests.Faults;

/// <summary>
/// Where one test's pipeline keeps its data — storage account, uploads container, scoring queue and table prefix — and
/// storage SDK clients for them, so a test can check what the API says against what storage holds.
/// </summary>
public sealed record PipelineNames(string ConnectionString, string UploadsContainer, string ScoringQueue, string TablePrefix)
{
    public string PoisonQueue => LeadScoringOptions.PoisonQueueOf(ScoringQueue);

    /// <summary>The ingest queue of a host in its own process, named after the table prefix so two pipelines never share one.</summary>
    public string IngestQueue => "ingest-" + TablePrefix.ToLowerInvariant();

    /// <summary>The webhook queue of a host in its own process: its own, so hosts sharing the storage take no callback messages of another.</summary>
    public string WebhookQueue => "webhooks-" + TablePrefix[1..];

    public static PipelineNames New(string connectionString) =>
        new(connectionString, AzuriteFixture.NewContainerName("uploads"), AzuriteFixture.NewQueueName("scoring"), AzuriteFixture.NewTablePrefix());

    /// <summary>The names an in-process local host really uses (its options), on the storage it was started with.</summary>
    public static PipelineNames Of(RunningLocalHost host, string connectionString)
    {
        var options = host.Services.GetRequiredService<IOptions<LeadScoringOptions>>().Value;
        return new(connectionString, options.UploadsContainer, options.ScoringQueue, options.TablePrefix);
    }

    /// <summary>
    /// These names and further app <paramref name="settings"/> (<c>Ai:Provider</c>) as the environment variables of a
    /// host in its own process (<c>LeadScoring__ScoringQueue</c>, <c>Ai__Provider</c>).
    /// </summary>
    public Dictionary<string, string> AsEnvironment(IReadOnlyDictionary<string, string?> settings)
    {
        var environment = settings.ToDictionary(s => s.Key.Replace(":", "__", StringComparison.Ordinal), s => s.Value ?? "");
        environment["AzureWebJobsStorage"] = ConnectionString;
        environment["LeadScoring__UploadsContainer"] = UploadsContainer;
        environment["LeadScoring__ScoringQueue"] = ScoringQueue;
        environment["LeadScoring__TablePrefix"] = TablePrefix;
        environment["LeadScoring__IngestQueue"] = IngestQueue;
        environment["LeadScoring__WebhookQueue"] = WebhookQueue;
        return environment;
    }

    /// <summary>Base64 messages, as the queue trigger reads and writes them.</summary>
    public QueueClient Queue(string name) => new(ConnectionString, name, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 });

    public TableClient Table(string name) => new(ConnectionString, TablePrefix + name);

    public BlobContainerClient Uploads() => new(ConnectionString, UploadsContainer);
}
