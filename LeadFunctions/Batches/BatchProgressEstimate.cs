namespace LeadFunctions.Batches;

/// <summary>
/// How far a batch is and how long it has left, from its counters alone (documented in Docs/BatchSchemas.cs):
/// <c>percent</c> is the share of accepted leads settled (scored or failed), rounded down, and 100 only once the batch
/// has ended; <c>rate_per_s</c> is leads settled per second since the batch was created (its whole run, ingest
/// included, so it is steady rather than jumpy); <c>eta_seconds</c> is what is left at that rate, known only once
/// ingest has counted every row. While a file is still being ingested segment by segment, its accepted rows so far are
/// scaled by the share of segments ingested, so the percent of a file half read is not that of the half alone.
/// </summary>
public sealed record BatchProgressEstimate(int Percent, double? RatePerSecond, long? EtaSeconds)
{
    /// <summary>A batch that is over, whatever its outcome: nothing more will happen to it.</summary>
    private const int Ended = 100;

    /// <param name="ingestedShare">While ingesting: the share of the file's segments ingested (0–1), null while unknown.</param>
    public static BatchProgressEstimate For(
        string status, long accepted, long settled, DateTimeOffset createdAt, DateTimeOffset? completedAt, DateTimeOffset now,
        double? ingestedShare = null)
    {
        switch (status)
        {
            case BatchStatus.Completed:
                return new BatchProgressEstimate(Ended, Rounded(Rate(settled, createdAt, completedAt ?? now)), 0);
            case BatchStatus.Failed:
                // A failed batch was stopped as a whole (an unreadable file, an unknown offer): nothing is left to do.
                return new BatchProgressEstimate(Ended, null, 0);
        }

        var rate = Rate(settled, createdAt, now);
        var expected = status == BatchStatus.Ingesting && ingestedShare is > 0 and < 1
            ? Math.Max(accepted, (long)Math.Ceiling(accepted / ingestedShare.Value))
            : accepted;
        var percent = expected <= 0 ? 0 : (int)Math.Min(Ended - 1, settled * 100 / expected);

        // While ingesting, rows_accepted still grows and the total is unknown: no time left can be told yet.
        long? eta = status == BatchStatus.Scoring && rate is > 0
            ? (long)Math.Ceiling(Math.Max(0, accepted - settled) / rate.Value)
            : null;
        return new BatchProgressEstimate(percent, Rounded(rate), eta);
    }

    private static double? Rate(long settled, DateTimeOffset from, DateTimeOffset to)
    {
        var seconds = (to - from).TotalSeconds;
        return settled <= 0 || seconds <= 0 ? null : settled / seconds;
    }

    private static double? Rounded(double? rate) => rate is { } r ? Math.Round(r, 2) : null;
}
