using LeadFunctions.Configuration;
using LeadFunctions.Csv;
using LeadFunctions.Storage;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Ingest;

/// <summary>
/// Ingests one segment of a batch's file: validates its rows, writes the accepted leads (each with its file line, so
/// the earliest occurrence of a lead owns it whatever order segments run in; see <see cref="LeadChunkWriter"/>) and
/// queues them for scoring, stores its rejected rows, and records its counts on the batch once
/// (<see cref="BatchSegments.RecordAsync"/>). Run again, it writes nothing new and re-sends only the scoring messages
/// of leads still queued, which scoring treats idempotently. A segment of a deleted offer or batch does nothing.
/// </summary>
public sealed class SegmentIngestor(
    BatchRepository batches,
    BatchSegments segments,
    SegmentSource source,
    LeadChunkWriter chunkWriter,
    IngestQueue queue,
    IngestSlots slots,
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

    public async Task IngestAsync(IngestMessage message, CancellationToken ct)
    {
        if (await batches.GetAsync(message.BatchId, ct) is not { Status: BatchStatus.Ingesting, BlobETag: not null } header
            || await segments.GetAsync(message.BatchId, message.Segment, ct) is not { Done: false } segment)
        {
            return;
        }

        if (!await slots.WaitAsync(SlotWait, ct))
        {
            // Storage is busy with other segments: waiting here would only eat this invocation's time.
            await queue.SendAsync([message], ct, RequeueDelay);
            return;
        }

        try
        {
            var results = await IngestRowsAsync(header, segment, ct);
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
        finally
        {
            slots.Release();
        }
    }

    private async Task<SegmentEntity> IngestRowsAsync(BatchEntity header, SegmentEntity segment, CancellationToken ct)
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
        var chunk = new List<IngestLead>(LeadPartitionWriter.MaxLeadsPerTransaction);
        var inFlight = new List<Task>();

        async Task FlushChunkAsync()
        {
            inFlight.Add(chunkWriter.WriteAsync(header.OfferId, header.BatchId, chunk, ct));
            chunk = new List<IngestLead>(LeadPartitionWriter.MaxLeadsPerTransaction);
            if (inFlight.Count >= ParallelChunks)
            {
                await Task.WhenAll(inFlight);
                inFlight.Clear();
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
            chunk.Add(new IngestLead(LeadIds.Create(header.OfferId, LeadIdentity.Id(lead)), lead, row.Line));
            if (chunk.Count == LeadPartitionWriter.MaxLeadsPerTransaction)
            {
                await FlushChunkAsync();
            }
        }

        if (chunk.Count > 0)
        {
            await FlushChunkAsync();
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
