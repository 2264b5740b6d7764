using Microsoft.Extensions.Options;

namespace LeadFunctions.Ingest;

/// <summary>
/// How many segments this instance ingests at once (<c>IngestSegmentsAtOnce</c>). Storage throughput is shared by the
/// segments running, so a segment's run time grows with their number; bounding it keeps every run well inside
/// <c>functionTimeout</c> however many segment messages the queue trigger hands out at once.
/// </summary>
public sealed class IngestSlots(IOptions<LeadScoringOptions> options)
{
    private readonly SemaphoreSlim _slots = new(Math.Max(1, options.Value.IngestSegmentsAtOnce));

    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken ct) => _slots.WaitAsync(timeout, ct);

    public void Release() => _slots.Release();
}
