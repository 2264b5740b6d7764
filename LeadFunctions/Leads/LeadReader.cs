using System.Globalization;
using System.Runtime.CompilerServices;
using Azure.Data.Tables;
namespace LeadFunctions.Leads;

/// <summary>
/// Reads leads in result order (score descending, then name) from the index entries, merging the partitions of the
/// offers (<see cref="LeadPartitions"/>) by key, and counts them from the tallies: neither ever loads every lead. Index
/// keys are unique and ordered across partitions, so the merge is in exact order and a key is a cursor for all of them.
/// </summary>
public sealed class LeadReader(LeadTables tables, OfferRepository offers, BatchRepository batches)
{
    /// <summary>
    /// Leads a read holds in its query pages at once, shared between the partitions it merges (at least one each): a
    /// read across many offers takes small pages from each rather than a page per partition.
    /// </summary>
    public const int MaxBufferedLeads = 1000;

    public async Task<LeadEntity?> GetAsync(string leadId, CancellationToken ct)
    {
        if (LeadIds.OfferOf(leadId) is not { } offerId)
        {
            return null;
        }

        var table = await tables.GetAsync(LeadTables.Leads, ct);
        var partitions = await offers.GetLeadPartitionsAsync(offerId, ct);
        return await LeadPartitionWriter.GetAsync<LeadEntity>(table, partitions.Of(leadId), LeadKeys.Lead(leadId), ct);
    }

    /// <summary>Leads matching <paramref name="filter"/> after the index key <paramref name="after"/>, in result order.</summary>
    public async IAsyncEnumerable<LeadEntity> ReadAsync(LeadFilter filter, string? after, int pageHint, [EnumeratorCancellation] CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Leads, ct);
        var partitions = await PartitionsAsync(filter, ct);
        var sources = new List<IAsyncEnumerator<LeadEntity>>();
        var perPartition = Math.Clamp(Math.Min(pageHint, MaxBufferedLeads / Math.Max(1, partitions.Count)), 1, MaxBufferedLeads);
        try
        {
            // Every partition's first page at once: the page waits for the slowest query, not for their sum.
            sources.AddRange(partitions.Select(partition => table
                .QueryAsync<LeadEntity>(IndexFilter(partition, filter, after), maxPerPage: perPartition, cancellationToken: ct)
                .GetAsyncEnumerator(ct)));
            var hasAny = await Task.WhenAll(sources.Select(source => source.MoveNextAsync().AsTask()));
            for (var i = sources.Count - 1; i >= 0; i--)
            {
                if (!hasAny[i])
                {
                    await sources[i].DisposeAsync();
                    sources.RemoveAt(i);
                }
            }

            // k-way merge by index key; partitions are few, so a linear pick of the smallest head is enough.
            while (sources.Count > 0)
            {
                var next = 0;
                for (var i = 1; i < sources.Count; i++)
                {
                    if (string.CompareOrdinal(sources[i].Current.RowKey, sources[next].Current.RowKey) < 0)
                    {
                        next = i;
                    }
                }

                yield return sources[next].Current;
                if (!await sources[next].MoveNextAsync())
                {
                    await sources[next].DisposeAsync();
                    sources.RemoveAt(next);
                }
            }
        }
        finally
        {
            foreach (var source in sources)
            {
                await source.DisposeAsync();
            }
        }
    }

    /// <summary>How many leads match the filter, summed from the tally counters of the offers (or of the batch).</summary>
    public async Task<long> CountAsync(LeadFilter filter, CancellationToken ct) =>
        (await ReadTalliesAsync(filter, ct)).Where(t => Matches(t.Key, filter)).Sum(t => t.Value);

    /// <summary>
    /// The tally counters of the filter's offers (or of its batch), summed over shards and partitions per bucket
    /// (<see cref="LeadKeys.TallyBucket"/>); the intent and min_score filters are left to the caller (<see cref="Matches"/>).
    /// </summary>
    public async Task<IReadOnlyDictionary<string, long>> ReadTalliesAsync(LeadFilter filter, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Leads, ct);
        var prefix = filter.BatchId is null ? LeadKeys.OfferTallyPrefix : LeadKeys.BatchTallyPrefixFor(filter.BatchId);
        var shards = await Task.WhenAll((await PartitionsAsync(filter, ct)).Select(partition => table
            .QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {LeadKeys.PrefixEnd(prefix)}"), cancellationToken: ct)
            .ToListAsync(ct).AsTask()));
        var tallies = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var shard in shards.SelectMany(s => s))
        {
            foreach (var (bucket, value) in shard)
            {
                if (value is long or int)
                {
                    tallies[bucket] = tallies.GetValueOrDefault(bucket) + Convert.ToInt64(value, CultureInfo.InvariantCulture);
                }
            }
        }

        return tallies;
    }

    /// <summary>Whether the leads of a tally bucket match the filter's intent and min_score.</summary>
    public static bool Matches(string bucket, LeadFilter filter)
    {
        if (bucket is LeadKeys.QueuedTally or LeadKeys.FailedTally)
        {
            return filter.Intent is null && filter.MinScore is null;
        }

        return LeadKeys.TryReadScoredTally(bucket, out var score, out var intent)
            && (filter.MinScore is null || score >= filter.MinScore)
            && (filter.Intent is null || intent == filter.Intent);
    }

    /// <summary>The partitions of the filter's offer (or of its batch's offer, or of every offer).</summary>
    private async Task<IReadOnlyList<string>> PartitionsAsync(LeadFilter filter, CancellationToken ct)
    {
        IReadOnlyList<string> offerIds;
        if (filter.BatchId is not null)
        {
            var batch = await batches.GetAsync(filter.BatchId, ct);
            offerIds = batch is null || (filter.OfferId is not null && batch.OfferId != filter.OfferId) || !TableKeys.IsValid(batch.OfferId)
                ? []
                : [batch.OfferId];
        }
        else
        {
            offerIds = filter.OfferId is not null ? [filter.OfferId] : await offers.ListIdsAsync(ct);
        }

        var layouts = await Task.WhenAll(offerIds.Select(id => offers.GetLeadPartitionsAsync(id, ct)));
        return layouts.SelectMany(l => l.All).ToList();
    }

    private static string IndexFilter(string partition, LeadFilter filter, string? after)
    {
        var upper = filter.MinScore is int min ? LeadKeys.IndexUpperBoundForMinScore(min) : LeadKeys.IndexEnd;
        var parts = new List<string>
        {
            after is null
                ? TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {LeadKeys.IndexPrefix} and RowKey lt {upper}")
                : TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey gt {after} and RowKey lt {upper}"),
        };
        if (filter.BatchId is not null)
        {
            parts.Add(TableClient.CreateQueryFilter($"BatchId eq {filter.BatchId}"));
        }

        if (filter.Intent is not null)
        {
            parts.Add(TableClient.CreateQueryFilter($"Intent eq {filter.Intent}"));
        }

        return string.Join(" and ", parts);
    }
}
