using Azure.Data.Tables;

namespace LeadFunctions.Batches;

/// <summary>
/// How many distinct leads a batch took in: every batch marker added counts once on the batch's progress shards, in
/// the transaction that adds it, in the lead's partition (<see cref="LeadPartitionWriter"/>). A file's segments are ingested in parallel and
/// each sees only its own rows, so this, not their sum, is the batch's exact <c>rows_accepted</c>.
/// </summary>
public sealed class BatchLeadCount(LeadTables tables, OfferRepository offers)
{
    public const string Counter = "Marked";

    public async Task<long> GetAsync(string offerId, string batchId, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Leads, ct);
        var prefix = LeadKeys.ProgressPrefixFor(batchId);
        var partitions = await offers.GetLeadPartitionsAsync(offerId, ct);
        var shards = await Task.WhenAll(partitions.All.Select(partition => table
            .QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {prefix} and RowKey lt {LeadKeys.PrefixEnd(prefix)}"), cancellationToken: ct)
            .ToListAsync(ct).AsTask()));
        return shards.SelectMany(s => s).Sum(shard => shard.GetInt64(Counter) ?? 0);
    }
}
