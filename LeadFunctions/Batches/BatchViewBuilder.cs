namespace LeadFunctions.Batches;

/// <summary>
/// Joins a batch header (what ingest counted) with its progress counters (what scoring settled) into the API view.
/// A batch is completed once ingest has finished and every accepted lead still in it is scored or failed.
/// </summary>
public sealed class BatchViewBuilder(BatchRepository batches, TimeProvider time)
{
    public async Task<BatchResponse?> GetAsync(string batchId, CancellationToken ct)
    {
        var header = await batches.GetAsync(batchId, ct);
        return header is null ? null : await BuildAsync(header, withErrors: true, ct);
    }

    /// <summary>The batch without its rejected rows: its status and counters at two storage reads.</summary>
    public async Task<BatchResponse?> GetSummaryAsync(string batchId, CancellationToken ct)
    {
        var header = await batches.GetAsync(batchId, ct);
        return header is null ? null : await BuildAsync(header, withErrors: false, ct);
    }

    /// <summary>One page of the batch list (of an offer, or of all) after the list key <paramref name="after"/>, and the key to continue after.</summary>
    public async Task<(long Count, IReadOnlyList<BatchResponse> Batches, string? Next)> ListAsync(string? offerId, string? after, int pageSize, CancellationToken ct)
    {
        var count = batches.CountAsync(offerId, ct);
        var (headers, next) = await batches.ListAsync(offerId, after, pageSize, ct);
        var views = await Task.WhenAll(headers.Select(h => BuildAsync(h, withErrors: false, ct)));
        return (await count, views, next);
    }

    private async Task<BatchResponse> BuildAsync(BatchEntity header, bool withErrors, CancellationToken ct)
    {
        var progress = header.Status == BatchStatus.Failed ? BatchProgress.None : await batches.GetProgressAsync(header.OfferId, header.BatchId, ct);
        var accepted = header.RowsAccepted - progress.Removed;
        var completed = header.Status == BatchStatus.Scoring && progress.Settled >= accepted;
        var status = completed ? BatchStatus.Completed : header.Status;
        DateTimeOffset? completedAt = completed
            ? Max(header.IngestedAt, progress.LastChange)
            : header.Status == BatchStatus.Failed ? header.IngestedAt : null;

        var errors = new List<BatchRowError>();
        if (header.FailureReason is not null)
        {
            errors.Add(new BatchRowError(null, header.FailureReason));
        }

        if (withErrors)
        {
            errors.AddRange((await batches.GetErrorsAsync(header.BatchId, ct)).Select(e => new BatchRowError(e.Row, e.Message)));
            if (header.ErrorsNotListed > 0)
            {
                errors.Add(new BatchRowError(null, $"{header.ErrorsNotListed} more rejected rows are counted in rows_rejected but not listed (the list keeps the first {BatchRepository.MaxStoredErrors})."));
            }
        }

        double? ingestedShare = header.SegmentsPlanned is > 0 and var planned ? (double)header.SegmentsDone / planned : null;
        var estimate = BatchProgressEstimate.For(status, accepted, progress.Settled, header.CreatedAt, completedAt, time.GetUtcNow(), ingestedShare);
        return new BatchResponse(
            header.BatchId,
            header.OfferId,
            header.Source,
            header.Blob,
            status,
            header.RowsTotal - progress.Removed,
            accepted,
            header.RowsRejected,
            header.Duplicates,
            progress.Scored,
            progress.Failed,
            new IntentCounts(progress.High, progress.Medium, progress.Low),
            errors,
            header.CreatedAt,
            completedAt,
            estimate.Percent,
            estimate.RatePerSecond,
            estimate.EtaSeconds,
            Callbacks.BatchCallbackView.From(header));
    }

    private static DateTimeOffset? Max(DateTimeOffset? a, DateTimeOffset? b) => a is null ? b : b is null ? a : a > b ? a : b;
}
