using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using LeadFunctions.Functions;
using LeadFunctions.Ingest;
using LeadFunctions.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.LocalHost.TriggerAdapters;

/// <summary>
/// Closes a gap of the WebJobs blob trigger on development storage: its container scan compares Last-Modified (one
/// second resolution) with "newer than the newest seen", so a blob written in the same second as the previous scan's
/// newest blob is never noticed (the hybrid strategy used in Azure has no such gap). Every few seconds this lists the
/// uploads container and hands any CSV that no ingest has started on, a while after it was written, to the same
/// function the trigger calls, one run at a time (<see cref="BlobIngestGate"/>). Ingest is idempotent per blob, so a late
/// trigger firing as well changes nothing.
/// </summary>
internal sealed class MissedBlobSweeper(
    UploadsContainer uploads,
    BlobBatches batches,
    BlobIngestGate gate,
    IServiceProvider services,
    TimeProvider time,
    ILogger<MissedBlobSweeper> logger) : BackgroundService
{
    /// <summary>Long enough for the trigger's own 2-second scan to have picked a blob up first.</summary>
    internal static readonly TimeSpan Grace = TimeSpan.FromSeconds(8);

    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(4);

    private readonly HashSet<string> _handed = new(StringComparer.Ordinal);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Interval, time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await SweepAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogDebug(ex, "Sweeping {Container} for missed blobs failed; trying again in {Interval}", uploads.Name, Interval);
            }
        }
    }

    internal async Task SweepAsync(CancellationToken ct)
    {
        await uploads.EnsureCreatedAsync(ct);
        var cutoff = time.GetUtcNow() - Grace;
        await foreach (var item in uploads.Client.GetBlobsAsync(new GetBlobsOptions(), ct))
        {
            var key = $"{item.Name}|{item.Properties.ETag}";
            if (item.Properties.LastModified > cutoff || _handed.Contains(key))
            {
                continue;
            }

            var batch = await batches.FindAsync(uploads.Name, item.Name, item.Properties.ETag!.Value, ct);
            if (batch is not null && (batch.Status != BatchStatus.Ingesting || batch.IngestAttempts > 0))
            {
                continue;
            }

            _handed.Add(key);
            logger.LogInformation("Blob {Blob} was not picked up by the blob trigger's scan; ingesting it now", item.Name);
            var function = FunctionClassActivator.Create<IngestUploadedCsvFunction>(services);
            await gate.RunAsync(item.Name, () => function.Run(uploads.Client.GetBlobClient(item.Name), item.Name, ct), ct);
        }
    }
}
