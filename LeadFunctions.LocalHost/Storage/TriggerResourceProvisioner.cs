using Azure.Storage.Queues;
using Microsoft.Azure.WebJobs.Host.Executors;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.LocalHost.Storage;

/// <summary>
/// Creates the app's container and trigger queues (<see cref="StorageResources"/>) before the triggers listen, as the
/// deployment does in Azure, and the WebJobs blob-trigger queue of this host. Without them every poll of a missing
/// queue or container logs a 404 warning.
/// </summary>
internal sealed class TriggerResourceProvisioner(
    StorageResources resources,
    QueueServiceClient queues,
    IOptions<LeadScoringOptions> options,
    IHostIdProvider hostIdProvider,
    ILogger<TriggerResourceProvisioner> logger) : IHostedService
{
    /// <summary>The WebJobs blob extension's queue between blob discovery and function execution (<c>HostQueueNames</c>).</summary>
    private const string BlobTriggerQueuePrefix = "azure-webjobs-blobtrigger-";

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var names = options.Value;
        await resources.EnsureCreatedAsync(cancellationToken);
        var hostId = await hostIdProvider.GetHostIdAsync(cancellationToken);
        await queues.GetQueueClient(BlobTriggerQueuePrefix + hostId).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        logger.LogInformation(
            "Storage ready: container {Container}, queues {Queue}, {Ingest}, {Operations}, {Webhooks} and their {Suffix} queues.",
            names.UploadsContainer, names.ScoringQueue, names.IngestQueue, names.OperationsQueue, names.WebhookQueue, LeadScoringOptions.PoisonQueueSuffix);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
