using System.Globalization;
using System.Text;

namespace LeadFunctions.Leads;

/// <summary>
/// Row-key layout of an offer's partitions in the leads table (<see cref="LeadPartitions"/>). Everything about one lead
/// lives in its partition so that the lead, its index entry, its tallies and its batch progress change in one atomic
/// transaction; counters are summed over the offer's partitions.
/// </summary>
public static class LeadKeys
{
    public const string LeadPrefix = "lead-";
    public const string IndexPrefix = "idx-";
    public const string MarkerPrefix = "mark-";
    public const string OfferTallyPrefix = "tally-o-";
    public const string BatchTallyPrefix = "tally-b-";
    public const string ProgressPrefix = "prog-";

    /// <summary>
    /// Counters are spread over shards so concurrent scorers rarely contend for one entity's ETag: at least as many
    /// shards as one instance has messages in flight (host.json: batchSize 32 + newBatchThreshold 32). Readers sum every
    /// shard under the prefix, so the number can change without migrating anything.
    /// </summary>
    public const int ShardCount = 64;

    private const int MaxNameKeyLength = 80;

    public static string Lead(string leadId) => LeadPrefix + leadId;

    public static string Marker(string batchId, string leadId) => $"{MarkerPrefix}{batchId}-{leadId}";

    public static string OfferTally(int shard) => $"{OfferTallyPrefix}{shard:D2}";

    public static string BatchTallyPrefixFor(string batchId) => $"{BatchTallyPrefix}{batchId}-";

    public static string BatchTally(string batchId, int shard) => $"{BatchTallyPrefixFor(batchId)}{shard:D2}";

    public static string ProgressPrefixFor(string batchId) => $"{ProgressPrefix}{batchId}-";

    public static string Progress(string batchId, int shard) => $"{ProgressPrefixFor(batchId)}{shard:D2}";

    /// <summary>
    /// The index key orders leads by score descending, then name: <c>idx-{100-score:D3}-{name} {id}</c>.
    /// Failed and queued leads have no score and sort after every scored lead.
    /// </summary>
    public static string Index(LeadEntity lead) =>
        $"{IndexPrefix}{RankOf(lead):D3}-{NameKey(lead.Name)} {lead.Id}";

    /// <summary>The first index key whose score is below <paramref name="minScore"/>: a range end for <c>min_score</c>.</summary>
    public static string IndexUpperBoundForMinScore(int minScore) => $"{IndexPrefix}{100 - minScore + 1:D3}";

    public static string IndexEnd => IndexPrefix[..^1] + (char)(IndexPrefix[^1] + 1);

    public static string PrefixEnd(string prefix) => prefix[..^1] + (char)(prefix[^1] + 1);

    private static int RankOf(LeadEntity lead) => lead.Status switch
    {
        LeadStatus.Scored when lead.Score is int score => 100 - Math.Clamp(score, 0, 100),
        LeadStatus.Failed => 998,
        _ => 999,
    };

    /// <summary>
    /// Case-folded name, made safe for a row key (no <c>/ \ # ?</c> or control characters) and bounded in length.
    /// Spaces become <c>!</c> so that the space ending the name sorts below every name character ("Ann" before "Ann B").
    /// </summary>
    public static string NameKey(string name)
    {
        var builder = new StringBuilder(Math.Min(name.Length, MaxNameKeyLength));
        foreach (var c in name.Trim().ToLowerInvariant())
        {
            if (builder.Length == MaxNameKeyLength)
            {
                break;
            }

            builder.Append(c switch
            {
                ' ' => '!',
                '/' or '\\' or '#' or '?' => '_',
                _ when char.IsControl(c) => '_',
                _ => c,
            });
        }

        return builder.ToString();
    }

    public const string QueuedTally = "Queued";
    public const string FailedTally = "Failed";

    /// <summary>The tally bucket a lead counts in: its score and intent when scored (<c>S{score:D3}_{intent}</c>), else its status.</summary>
    public static string TallyBucket(LeadEntity lead) => lead.Status == LeadStatus.Scored && lead.Score is int score
        ? string.Create(CultureInfo.InvariantCulture, $"S{score:D3}_{lead.Intent}")
        : lead.Status == LeadStatus.Failed ? FailedTally : QueuedTally;

    /// <summary>Reads a scored lead's bucket back; false for <see cref="QueuedTally"/>, <see cref="FailedTally"/> and any other property.</summary>
    public static bool TryReadScoredTally(string bucket, out int score, out string intent)
    {
        intent = "";
        if (bucket.Length < 6 || bucket[0] != 'S' || bucket[4] != '_'
            || !int.TryParse(bucket.AsSpan(1, 3), NumberStyles.None, CultureInfo.InvariantCulture, out score))
        {
            score = 0;
            return false;
        }

        intent = bucket[5..];
        return true;
    }
}
