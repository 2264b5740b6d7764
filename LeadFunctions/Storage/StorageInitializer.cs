using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Storage;

/// <summary>
/// Creates the uploads container and the trigger queues at startup (<see cref="StorageResources"/>), so a user can drop a CSV into the container and the
/// triggers have something to watch before the first upload. Best effort: a failure is logged and retried on first use.
/// </summary>
public sealed class StorageInitializer(
    StorageResources resources,
    ILogger<StorageInitializer> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(15));
        try
        {
            await resources.EnsureCreatedAsync(timeout.Token);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Could not create the uploads container or trigger queues at startup; they are created on first use");
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
