using System.Text;

namespace LeadFunctions.Storage;

/// <summary>
/// The partitions of the leads table that hold one offer's leads, and which one holds a given lead. Everything of one
/// lead — its record, its index entry, its batch markers and the tally and progress shards its transaction bumps —
/// lives in the lead's partition, so each lead change is still one entity-group transaction; counters are summed over
/// all of the offer's partitions. An offer's partition count is recorded when it is created and never changes; an
/// offer stored without one (written before partitions existed) has one partition, keyed by the bare offer id.
/// </summary>
public readonly record struct LeadPartitions
{
    /// <summary>Beyond this a results page merges too many range queries to stay quick (docs/benchmarks.md).</summary>
    public const int MaxCount = 32;

    public LeadPartitions(string offerId, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, MaxCount);
        OfferId = offerId;
        Count = count;
    }

    public string OfferId { get; }

    public int Count { get; }

    /// <summary>The layout of an offer stored before partitions existed: one partition, the offer id itself.</summary>
    public static LeadPartitions Single(string offerId) => new(offerId, 1);

    /// <summary>The partition holding <paramref name="leadId"/>: a stable hash of the id, the same in every process.</summary>
    public string Of(string leadId) => Count == 1 ? OfferId : Key(Fnv1a(leadId) % (uint)Count);

    /// <summary>Every partition of the offer, in index order.</summary>
    public IReadOnlyList<string> All
    {
        get
        {
            var all = new string[Count];
            for (var i = 0; i < Count; i++)
            {
                all[i] = Count == 1 ? OfferId : Key((uint)i);
            }

            return all;
        }
    }

    /// <summary>
    /// A query filter for every partition an offer's leads could be in, whatever its count (the bare id, and the id
    /// followed by <c>-</c>, which sorts just before <c>.</c>): for audits that must not trust the recorded count.
    /// </summary>
    public static string AnyPartitionFilter(string offerId) =>
        Azure.Data.Tables.TableClient.CreateQueryFilter($"PartitionKey ge {offerId} and PartitionKey lt {offerId + "."}");

    private string Key(uint index) => $"{OfferId}-p{index:D2}";

    /// <summary>FNV-1a over the id's UTF-8 bytes (<see cref="string.GetHashCode()"/> is randomized per process).</summary>
    private static uint Fnv1a(string value)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return hash;
    }
}
