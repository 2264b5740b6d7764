using Azure.Storage.Queues;
using LeadFunctions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Storage;

/// <summary>
/// Creates the uploads container and the scoring queues at startup, so a user can drop a CSV into the container and the
/// triggers have something to watch before the first upload. Best effort: a failure is logged and retried on first use.
/// </summary>
public sealed class StorageInitializer(
    UploadsContainer uploads,
    QueueServiceClient queues,
    IOptions<LeadScoringOptions> options,
    ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        try
        {
            await uploads.EnsureCreatedAsync(timeout.Token);
            await queues.GetQueueClient(options.Value.ScoringQueue).CreateIfNotExistsAsync(cancellationToken: timeout.Token);
            await queues.GetQueueClient(options.Value.ScoringQueue + "-poison").CreateIfNotExistsAsync(cancellationToken: timeout.Token);
            await queues.GetQueueClient(options.Value.IngestQueue).CreateIfNotExistsAsync(cancellationToken: timeout.Token);
            await queues.GetQueueClient(options.Value.IngestQueue + "-poison").CreateIfNotExistsAsync(cancellationToken: timeout.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not create the uploads container or scoring queues at startup; they are created on first use");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
