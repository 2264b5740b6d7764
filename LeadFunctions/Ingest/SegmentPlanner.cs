using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Ingest;

/// <summary>
/// Cuts a batch's file into segments of <c>IngestSegmentRows</c> rows at record boundaries, as the reader that ingests
/// them sees records (quoted line breaks, blank lines, an over-long record running to the end of the file). One step
/// scans at most about <c>IngestPlanBytes</c> of the file, adds and queues the segments it found and queues the next
/// step, so planning a 100 MB file is many short invocations too. A step run again adds nothing new and re-queues its
/// segments, which ingest only once.
/// </summary>
public sealed class SegmentPlanner(
    BatchRepository batches,
    BatchSegments segments,
    SegmentSource source,
    IngestQueue queue,
    IOptions<LeadScoringOptions> options,
    ILogger<SegmentPlanner> logger)
{
    /// <summary>Runs one planning step; returns how many segments the file has when this step planned its last one, else null.</summary>
    public async Task<int?> PlanAsync(IngestMessage step, CancellationToken ct)
    {
        try
        {
            return await PlanStepAsync(step, ct);
        }
        catch (Exception ex) when (ex is OfferDeletedException or BatchDeletedException)
        {
            logger.LogInformation("Batch {BatchId} or its offer was deleted; planning stops", step.BatchId);
            return null;
        }
    }

    private async Task<int?> PlanStepAsync(IngestMessage step, CancellationToken ct)
    {
        var header = await batches.GetAsync(step.BatchId, ct);
        LeadTelemetry.Tag(LeadTelemetry.OfferIdTag, header?.OfferId);
        if (header is { Status: not BatchStatus.Ingesting })
        {
            await segments.EndedAlreadyAsync(header, ct);
            return null;
        }

        if (header is not { SegmentsPlanned: null, BlobETag: not null })
        {
            return null;
        }


        var rowsPerSegment = Math.Max(1, options.Value.IngestSegmentRows);
        var planned = new List<SegmentEntity>();
        IngestMessage? next = null;
        if (header.WholeFile)
        {
            planned.Add(new SegmentEntity { RowKey = SegmentEntity.Key(0), StartByte = 0, StartLine = 1 });
        }
        else
        {
            await using var read = await source.OpenAsync(header, step.StartByte, end: null, step.StartLine, ct);
            using var reader = await LeadCsvReader.OpenAsync(read.Stream, read.LineOffset, ct);
            if (reader.Problem is not null)
            {
                throw new InvalidOperationException($"Batch {header.BatchId}: the rows from byte {step.StartByte} could not be read ({reader.Problem.Message}).");
            }

            var (start, line, rows) = (step.StartByte, step.StartLine, 0);
            await foreach (var row in reader.ReadRowsAsync(ct))
            {
                // An over-long record runs to the end of the file: no cut in front of it, its offset is not a boundary.
                if (rows >= rowsPerSegment && row.Rejection != CsvRowRejection.RecordTooLong)
                {
                    var offset = reader.CurrentRecordOffset - header.DataStart + step.StartByte;
                    planned.Add(new SegmentEntity { RowKey = SegmentEntity.Key(step.Segment + planned.Count), StartByte = start, EndByte = offset, StartLine = line });
                    (start, line, rows) = (offset, row.Line, 0);
                    if (offset - step.StartByte >= options.Value.IngestPlanBytes)
                    {
                        next = new IngestMessage(header.BatchId, IngestMessage.Plan, step.Segment + planned.Count, offset, row.Line);
                        break;
                    }
                }

                rows++;
            }

            if (next is null)
            {
                planned.Add(new SegmentEntity { RowKey = SegmentEntity.Key(step.Segment + planned.Count), StartByte = start, EndByte = null, StartLine = line });
            }
        }

        await segments.AddAsync(header.BatchId, planned, ct);
        await segments.RemoveIfOfferDeletedAsync(header.OfferId, header.BatchId, ct);
        var work = planned.Select((_, i) => new IngestMessage(header.BatchId, IngestMessage.Ingest, step.Segment + i));
        await queue.SendAsync(next is null ? work : work.Append(next), ct);
        if (next is not null)
        {
            return null;
        }

        await segments.PlannedAsync(header.BatchId, step.Segment + planned.Count, ct);
        logger.LogInformation("Batch {BatchId}: planned {Count} segments", header.BatchId, step.Segment + planned.Count);
        return step.Segment + planned.Count;
    }
}
