using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Ingest;

/// <summary>
/// Ingests one segment of a batch's file: validates its rows, writes the accepted leads (each with its file line, so
/// the earliest occurrence of a lead owns it whatever order segments run in; see <see cref="LeadChunkWriter"/>) and
/// queues them for scoring, stores its rejected rows, and records its counts on the batch once
/// (<see cref="BatchSegments.RecordAsync"/>). One run at a time holds a segment (a second message for it waits on the
/// queue), and a run marks on the segment how far it has written and queued leads: a run again (redelivered, killed,
/// timed out) writes nothing new and queues only the leads after that mark, so a lead is queued twice at most where a
/// run died between its write and its mark, which scoring treats idempotently. A segment of a deleted offer or batch
/// does nothing.
/// </summary>
public sealed class SegmentIngestor(
    BatchRepository batches,
    OfferRepository offers,
    BatchSegments segments,
    SegmentSource source,
    LeadChunkWriter chunkWriter,
    IngestQueue queue,
    IngestSlots slots,
    TimeProvider time,
    ILogger<SegmentIngestor> logger)
{
    /// <summary>
    /// Chunks one segment writes at once. Segments run side by side (<c>IngestSegmentsAtOnce</c>, 4 by default), so an
    /// instance has as many transactions in flight as the whole-file ingest had (8): more starved storage for the
    /// status polls and scoring beside it (a kill test's status poll timed out at 60 s with 32 in flight).
    /// </summary>
    public const int ParallelChunks = 2;

    /// <summary>How long a segment waits for a slot inside its invocation before it goes back to the queue.</summary>
    private static readonly TimeSpan SlotWait = TimeSpan.FromSeconds(5);

    private static readonly TimeSpan RequeueDelay = TimeSpan.FromSeconds(1);

    /// <summary>How often a run marks its progress (and renews its hold): every so many leads, or so long, whichever comes first.</summary>
    private const int MarkEveryLeads = 8 * LeadPartitionWriter.MaxLeadsPerTransaction;

    private static readonly TimeSpan MarkEvery = TimeSpan.FromSeconds(5);

    /// <summary>Ingests the segment of an ingest-queue message; a segment that must wait (no slot, another run holds it) goes back on the queue.</summary>
    public Task IngestAsync(IngestMessage message, CancellationToken ct) => IngestAsync(message, requeueWhenBusy: true, ct);

    /// <summary>
    /// Ingests a segment whose message is queued too, from another invocation (the blob trigger's, for a file of one
    /// segment): a segment that would have to wait is left to that message, and so is a run that fails here.
    /// </summary>
    public async Task TryIngestNowAsync(string batchId, int index, CancellationToken ct)
    {
        try
        {
            await IngestAsync(new IngestMessage(batchId, IngestMessage.Ingest, index), requeueWhenBusy: false, ct);
        }
        catch (Exception ex) when (!ct.IsCancellationRequested)
        {
            logger.LogWarning(ex, "Batch {BatchId}: segment {Segment} could not be ingested at once; its queued message ingests it", batchId, index);
        }
    }

    private async Task IngestAsync(IngestMessage message, bool requeueWhenBusy, CancellationToken ct)
    {
        var header = await batches.GetAsync(message.BatchId, ct);
        LeadTelemetry.Tag(LeadTelemetry.OfferIdTag, header?.OfferId);
        if (header is { Status: not BatchStatus.Ingesting })
        {
            await segments.EndedAlreadyAsync(header, ct);
            return;
        }

        if (header is not { BlobETag: not null } || await segments.GetAsync(message.BatchId, message.Segment, ct) is not { Done: false } segment)
        {
            return;
        }

        // A segment that must wait goes back on the queue, unless its queued message is still there to run it.
        Task LeaveAsync(TimeSpan delay) => requeueWhenBusy ? queue.SendAsync([message], ct, delay) : Task.CompletedTask;

        if (!await slots.WaitAsync(SlotWait, ct))
        {
            // Storage is busy with other segments: waiting here would only eat this invocation's time.
            await LeaveAsync(RequeueDelay);
            return;
        }

        var runId = Guid.NewGuid().ToString("N");
        var claimed = false;
        try
        {
            if (!await segments.TryClaimAsync(segment, runId, ct))
            {
                // Another run is ingesting these rows now: look again once its hold would have ended.
                var held = (segment.RunningUntil ?? time.GetUtcNow()) - time.GetUtcNow();
                await LeaveAsync(held < RequeueDelay ? RequeueDelay : held + RequeueDelay);
                return;
            }

            claimed = true;
            var results = await IngestRowsAsync(header, segment, message.Segment, runId, ct);
            if (await segments.RecordAsync(header.BatchId, message.Segment, results, ct))
            {
                logger.LogInformation(
                    "Batch {BatchId} segment {Segment}: {Rows} rows, {Accepted} accepted, {Rejected} rejected, {Duplicates} duplicates within it",
                    header.BatchId, message.Segment, results.Rows, results.Accepted, results.Rejected, results.Duplicates);
            }
        }
        catch (Exception ex) when (ex is OfferDeletedException or BatchDeletedException)
        {
            logger.LogInformation("Batch {BatchId} or its offer was deleted; segment {Segment} stops", header.BatchId, message.Segment);
        }
        catch (Azure.RequestFailedException ex) when (ex.Status == 412)
        {
            // The blob was rewritten: the new version is a batch of its own (BlobBatches).
            await segments.FailAsync(header.BatchId, BatchIngestor.OverwrittenReason, ct);
        }
        catch when (claimed)
        {
            // The retry of this message (or its poisoning) must not wait for this run's hold to end.
            await ReleaseQuietlyAsync(header.BatchId, message.Segment);
            throw;
        }
        finally
        {
            slots.Release();
        }
    }

    private async Task ReleaseQuietlyAsync(string batchId, int index)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await segments.ReleaseAsync(batchId, index, timeout.Token);
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Batch {BatchId}: segment {Segment} could not be let go; it runs again when its hold ends", batchId, index);
        }
    }

    private async Task<SegmentEntity> IngestRowsAsync(BatchEntity header, SegmentEntity segment, int index, string runId, CancellationToken ct)
    {
        await using var read = await source.OpenAsync(header, segment.StartByte, segment.EndByte, segment.StartLine, ct);
        using var reader = await LeadCsvReader.OpenAsync(read.Stream, read.LineOffset, ct);
        if (reader.Problem is { } problem)
        {
            throw new InvalidOperationException($"Batch {header.BatchId}: segment {segment.RowKey} could not be read ({problem.Message}).");
        }

        var results = new SegmentEntity();
        var seen = new LeadDuplicateDetector();
        var errors = new List<RowError>();
        // The stored list is bounded per batch (BatchRepository.MaxStoredErrors); segments running side by side may
        // each store their share of what was left when they started.
        var errorRoom = BatchRepository.MaxStoredErrors - header.RowsRejected;
        // A chunk per partition of the offer, so that each write is one transaction (LeadPartitions).
        var partitions = await offers.GetLeadPartitionsAsync(header.OfferId, ct);
        var chunks = new Dictionary<string, List<IngestLead>>(StringComparer.Ordinal);
        var inFlight = new List<Task>();
        // Rows through this line were written and queued by an earlier run of the segment (SentThroughLine).
        var sentThrough = segment.SentThroughLine ?? 0;
        // An earlier run (it claimed the segment) may have written leads past its mark without queueing them.
        var rerun = segment.RunId is not null;
        var (readThrough, unmarked, markedAt) = (sentThrough, 0, time.GetUtcNow());

        async Task FlushChunkAsync(string partition)
        {
            var chunk = chunks[partition];
            chunks.Remove(partition);
            inFlight.Add(chunkWriter.WriteAsync(header.OfferId, header.BatchId, chunk, rerun, ct));
            unmarked += chunk.Count;
            if (inFlight.Count >= ParallelChunks)
            {
                await Task.WhenAll(inFlight);
                inFlight.Clear();
                if (unmarked >= MarkEveryLeads || time.GetUtcNow() - markedAt >= MarkEvery)
                {
                    // Written and queued: every row read, except those still waiting in a partition's chunk.
                    var flushedThrough = chunks.Count == 0 ? readThrough : chunks.Values.Min(c => c[0].Line) - 1;
                    await segments.MarkSentAsync(header.BatchId, index, runId, flushedThrough, ct);
                    (unmarked, markedAt) = (0, time.GetUtcNow());
                }
            }
        }

        await foreach (var row in reader.ReadRowsAsync(ct))
        {
            results.Rows++;
            if (!row.IsAccepted)
            {
                results.Rejected++;
                if (errors.Count < errorRoom)
                {
                    errors.Add(new RowError(row.Line, row.Reason ?? "The row could not be read."));
                }

                continue;
            }

            var lead = row.Lead!;
            if (!seen.TryAdd(lead))
            {
                results.Duplicates++;
                continue;
            }

            results.Accepted++;
            if (row.Line <= sentThrough)
            {
                continue;
            }

            var leadId = LeadIds.Create(header.OfferId, LeadIdentity.Id(lead));
            var partition = partitions.Of(leadId);
            if (!chunks.TryGetValue(partition, out var chunk))
            {
                chunks[partition] = chunk = new List<IngestLead>(LeadPartitionWriter.MaxLeadsPerTransaction);
            }

            chunk.Add(new IngestLead(leadId, lead, row.Line));
            readThrough = row.Line;
            if (chunk.Count == LeadPartitionWriter.MaxLeadsPerTransaction)
            {
                await FlushChunkAsync(partition);
            }
        }

        foreach (var partition in chunks.Keys.ToList())
        {
            await FlushChunkAsync(partition);
        }

        await Task.WhenAll(inFlight);
        if (errors.Count > 0)
        {
            await batches.AddErrorsAsync(header.BatchId, errors, ct);
            await segments.RemoveIfOfferDeletedAsync(header.OfferId, header.BatchId, ct);
        }
        return results;
    }
}
