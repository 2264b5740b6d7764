namespace LeadFunctions.Results;

/// <summary>Folds the tally counters of a scope (LeadReader.ReadTalliesAsync) into the summary's histogram and intents.</summary>
public static class LeadSummaryBuilder
{
    /// <summary>Ten buckets of ten points; the last also holds 100.</summary>
    public const int BucketCount = 10;

    private const int BucketWidth = 10;

    public static int BucketOf(int score) => Math.Clamp(score / BucketWidth, 0, BucketCount - 1);

    public static LeadSummary Build(LeadFilter filter, IReadOnlyDictionary<string, long> tallies)
    {
        var buckets = new long[BucketCount];
        long queued = 0, failed = 0, high = 0, medium = 0, low = 0;
        foreach (var (bucket, value) in tallies)
        {
            if (!LeadReader.Matches(bucket, filter))
            {
                continue;
            }

            switch (bucket)
            {
                case LeadKeys.QueuedTally:
                    queued += value;
                    continue;
                case LeadKeys.FailedTally:
                    failed += value;
                    continue;
            }

            if (!LeadKeys.TryReadScoredTally(bucket, out var score, out var intent))
            {
                continue;
            }

            buckets[BucketOf(score)] += value;
            switch (intent)
            {
                case "High": high += value; break;
                case "Medium": medium += value; break;
                case "Low": low += value; break;
            }
        }

        var histogram = buckets
            .Select((count, i) => new ScoreBucket(i, i * BucketWidth, i == BucketCount - 1 ? 100 : (i * BucketWidth) + BucketWidth - 1, count))
            .ToList();
        var scored = buckets.Sum();
        return new LeadSummary(scored + queued + failed, scored, queued, failed, histogram, new IntentCounts(high, medium, low));
    }
}

/// <summary>
/// <c>GET /api/leads/summary</c>: the score histogram and intent breakdown of every lead matching the filters, counted
/// from the stored tallies (never from a page of leads), so the dashboard's chart is exact for the whole scope.
/// </summary>
public sealed record LeadSummary(long Count, long Scored, long Queued, long Failed, IReadOnlyList<ScoreBucket> Histogram, IntentCounts ByIntent);

/// <summary>Scored leads with <c>min_score &lt;= score &lt;= max_score</c>: bucket 0 is 0–9, …, bucket 9 is 90–100.</summary>
public sealed record ScoreBucket(int Bucket, int MinScore, int MaxScore, long Count);
