using System.Collections.Concurrent;

namespace LeadFunctions.LocalHost.TriggerAdapters;

/// <summary>
/// One ingest of a blob at a time in this process. The blob trigger and <see cref="MissedBlobSweeper"/> both take a
/// blob when the trigger is slower to pick it up than the sweeper's grace (a loaded machine, a large file). Side by side,
/// each run would queue the leads it wrote — ingest sends a stored, unscored lead back to the queue — so one message per
/// lead became up to two. The later run now waits for the earlier and then finds the batch ingested.
/// </summary>
internal sealed class BlobIngestGate
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _gates = new(StringComparer.Ordinal);

    public async Task RunAsync(string blobName, Func<Task> ingest, CancellationToken ct)
    {
        var gate = _gates.GetOrAdd(blobName, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(ct);
        try
        {
            await ingest();
        }
        finally
        {
            gate.Release();
        }
    }
}
