using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Storage;

/// <summary>
/// The one component that creates the uploads container and every trigger queue with its poison queue, from the
/// configured names: the worker at startup, the local host before its triggers listen, the benchmarks before a run.
/// Tables are created by <see cref="LeadTables"/> on first use.
/// </summary>
public sealed class StorageResources(BlobServiceClient blobs, QueueServiceClient queues, IOptions<LeadScoringOptions> options)
{
    public async Task EnsureCreatedAsync(CancellationToken ct)
    {
        var container = blobs.GetBlobContainerClient(options.Value.UploadsContainer);
        if (!await container.ExistsAsync(ct))
        {
            // Asked first: creating an existing container answers 409, which the SDK logs as a warning.
            await container.CreateIfNotExistsAsync(cancellationToken: ct);
        }

        foreach (var queue in options.Value.TriggerQueues)
        {
            await queues.GetQueueClient(queue).CreateIfNotExistsAsync(cancellationToken: ct);
        }
    }
}
