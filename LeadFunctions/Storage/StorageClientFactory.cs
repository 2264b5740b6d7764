using Azure.Core;
using Azure.Data.Tables;
using Azure.Identity;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace LeadFunctions.Storage;

/// <summary>
/// Builds the storage SDK clients from the same <c>AzureWebJobsStorage</c> setting the trigger bindings use:
/// a connection string, or the identity-based form (<c>AzureWebJobsStorage__accountName</c> or
/// <c>__blobServiceUri</c>/<c>__queueServiceUri</c>/<c>__tableServiceUri</c>, with an optional <c>__clientId</c>).
/// </summary>
public sealed class StorageClientFactory
{
    public const string DevelopmentStorage = "UseDevelopmentStorage=true";

    private readonly string? _connectionString;
    private readonly IConfigurationSection _section;
    private readonly TokenCredential? _credential;

    public StorageClientFactory(IConfiguration configuration)
    {
        _section = configuration.GetSection(LeadScoringOptions.StorageConnection);
        _connectionString = _section.Value;
        var identityBased = string.IsNullOrWhiteSpace(_connectionString)
            && (_section["accountName"] is not null || _section["blobServiceUri"] is not null);
        if (identityBased)
        {
            var clientId = _section["clientId"];
            _credential = string.IsNullOrWhiteSpace(clientId)
                ? new DefaultAzureCredential()
                : new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(clientId));
        }
        else if (string.IsNullOrWhiteSpace(_connectionString))
        {
            _connectionString = DevelopmentStorage;
        }
    }

    /// <summary>True when the app talks to the local storage emulator.</summary>
    public bool IsDevelopmentStorage =>
        _connectionString is not null && _connectionString.Contains("UseDevelopmentStorage=true", StringComparison.OrdinalIgnoreCase);

    public BlobServiceClient CreateBlobServiceClient()
    {
        var options = Counted(new BlobClientOptions(), "blob");
        return _credential is null
            ? new BlobServiceClient(_connectionString, options)
            : new BlobServiceClient(ServiceUri("blob"), _credential, options);
    }

    /// <summary>Queue messages are base64, as the Functions queue trigger expects by default (host.json <c>messageEncoding</c>).</summary>
    public QueueServiceClient CreateQueueServiceClient()
    {
        var options = Counted(new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 }, "queue");
        return _credential is null
            ? new QueueServiceClient(_connectionString, options)
            : new QueueServiceClient(ServiceUri("queue"), _credential, options);
    }

    public TableServiceClient CreateTableServiceClient()
    {
        var options = Counted(new TableClientOptions(), "table");
        return _credential is null
            ? new TableServiceClient(_connectionString, options)
            : new TableServiceClient(ServiceUri("table"), _credential, options);
    }

    /// <summary>Every attempt of every request is counted (<see cref="StorageRequestCounter"/>), for the benchmarks.</summary>
    private static T Counted<T>(T options, string service) where T : ClientOptions
    {
        options.AddPolicy(StorageRequestCounter.PolicyFor(service), HttpPipelinePosition.PerRetry);
        return options;
    }

    private Uri ServiceUri(string service)
    {
        var explicitUri = _section[$"{service}ServiceUri"];
        if (!string.IsNullOrWhiteSpace(explicitUri))
        {
            return new Uri(explicitUri);
        }

        var account = _section["accountName"]
            ?? throw new InvalidOperationException($"AzureWebJobsStorage__{service}ServiceUri or AzureWebJobsStorage__accountName must be set.");
        return new Uri($"https://{account}.{service}.core.windows.net");
    }
}
