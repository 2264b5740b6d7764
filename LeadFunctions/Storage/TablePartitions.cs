using Azure;
using Azure.Data.Tables;

namespace LeadFunctions.Storage;

public static class TablePartitions
{
    /// <summary>Deletes every entity of a partition, 100 to a transaction.</summary>
    public static async Task DeleteAsync(TableClient table, string partitionKey, CancellationToken ct)
    {
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {partitionKey}");
        var keys = new List<TableEntity>(100);
        await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: ct))
        {
            keys.Add(entity);
            if (keys.Count == 100)
            {
                await DeleteKeysAsync(table, keys, ct);
                keys.Clear();
            }
        }

        if (keys.Count > 0)
        {
            await DeleteKeysAsync(table, keys, ct);
        }
    }

    /// <summary>Deletes the given entities of one partition (at most 100) in one transaction, whatever their ETags.</summary>
    public static Task DeleteKeysAsync(TableClient table, IEnumerable<TableEntity> keys, CancellationToken ct) =>
        table.SubmitTransactionAsync(keys.Select(k => new TableTransactionAction(TableTransactionActionType.Delete, k, ETag.All)), ct);
}
