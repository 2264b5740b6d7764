namespace LeadFunctions.Results;

/// <summary>
/// <c>GET /api/leads/summary</c>: the score histogram and intent breakdown of every lead matching the filters, counted
/// from the stored tallies (never from a page of leads), so the dashboard's chart is exact for the whole scope.
/// </summary>
public sealed record LeadSummary(long Count, long Scored, long Queued, long Failed, IReadOnlyList<ScoreBucket> Histogram, IntentCounts ByIntent);

/// <summary>Scored leads with <c>min_score &lt;= score &lt;= max_score</c>: bucket 0 is 0–9, …, bucket 9 is 90–100.</summary>
public sealed record ScoreBucket(int Bucket, int MinScore, int MaxScore, long Count);
