using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using LeadFunctions.Configuration;
using Microsoft.Azure.WebJobs.Host.Executors;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.LocalHost.Storage;

/// <summary>
/// Creates the uploads container, the scoring, operations, ingest and webhook queues and their poison queues before the triggers listen, as the
/// deployment does in Azure, and the WebJobs blob-trigger queue of this host. Without them every poll of a missing
/// queue or container logs a 404 warning.
/// </summary>
internal sealed class TriggerResourceProvisioner(
    BlobServiceClient blobs,
    QueueServiceClient queues,
    IOptions<LeadScoringOptions> options,
    IHostIdProvider hostIdProvider,
    ILogger<TriggerResourceProvisioner> logger) : IHostedService
{
    public const string PoisonQueueSuffix = "-poison";

    /// <summary>The WebJobs blob extension's queue between blob discovery and function execution (<c>HostQueueNames</c>).</summary>
    private const string BlobTriggerQueuePrefix = "azure-webjobs-blobtrigger-";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var names = options.Value;
        var container = blobs.GetBlobContainerClient(names.UploadsContainer);
        if (!await container.ExistsAsync(cancellationToken))
        {
            // Asked first: creating an existing container answers 409, which the SDK logs as a warning.
            await container.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        }

        await queues.GetQueueClient(names.ScoringQueue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await queues.GetQueueClient(names.ScoringQueue + PoisonQueueSuffix).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await queues.GetQueueClient(names.OperationsQueue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await queues.GetQueueClient(names.OperationsQueue + PoisonQueueSuffix).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await queues.GetQueueClient(names.IngestQueue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await queues.GetQueueClient(names.IngestQueue + PoisonQueueSuffix).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await queues.GetQueueClient(names.WebhookQueue).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await queues.GetQueueClient(names.WebhookQueue + PoisonQueueSuffix).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        var hostId = await hostIdProvider.GetHostIdAsync(cancellationToken);
        await queues.GetQueueClient(BlobTriggerQueuePrefix + hostId).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        logger.LogInformation(
            "Storage ready: container {Container}, queues {Queue}, {Operations}, {Ingest}, {Webhooks} and their {Suffix} queues.",
            names.UploadsContainer, names.ScoringQueue, names.OperationsQueue, names.IngestQueue, names.WebhookQueue, PoisonQueueSuffix);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
