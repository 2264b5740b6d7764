using Azure.Data.Tables;

namespace LeadFunctions.Storage;

/// <summary>
/// How many distinct leads a batch took in: every batch marker added counts once on the batch's progress shards, in
/// the transaction that adds it (<see cref="LeadPartitionWriter"/>). A file's segments are ingested in parallel and
/// each sees only its own rows, so this, not their sum, is the batch's exact <c>rows_accepted</c>.
/// </summary>
public sealed class BatchLeadCount(LeadTables tables)
{
    public const string Counter = "Marked";

    public async Task<long> GetAsync(string offerId, string batchId, CancellationToken ct)
    {
        var table = await tables.GetAsync(LeadTables.Leads, ct);
        var prefix = LeadKeys.ProgressPrefixFor(batchId);
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {offerId} and RowKey ge {prefix} and RowKey lt {LeadKeys.PrefixEnd(prefix)}");
        long marked = 0;
        await foreach (var shard in table.QueryAsync<TableEntity>(filter, cancellationToken: ct))
        {
            marked += shard.GetInt64(Counter) ?? 0;
        }

        return marked;
    }
}
