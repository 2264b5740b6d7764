using Azure;
using Azure.Data.Tables;

namespace LeadFunctions.Offers;

/// <summary>
/// Stops every lead write of an offer that is being deleted, including writes planned before the delete began. Every
/// lead transaction reads and rewrites one of the offer's tally shards in the lead's partition with its ETag
/// (<see cref="LeadPartitionWriter"/>); raising the fence replaces all of them, in every partition of the offer, with a
/// marker, so a transaction that read a shard before fails on its ETag (or on Add, if it meant to create it) and its
/// retry reads the marker and gives up with <see cref="OfferDeletedException"/>.
/// </summary>
public static class OfferFence
{
    private const string Property = "OfferDeleted";

    public static bool IsRaised(TableEntity? shard) => shard?.GetBoolean(Property) == true;

    public static Task RaiseAsync(TableClient leads, LeadPartitions partitions, CancellationToken ct) =>
        Task.WhenAll(partitions.All.Select(partition => leads.SubmitTransactionAsync(Enumerable.Range(0, LeadKeys.ShardCount).Select(shard =>
            new TableTransactionAction(TableTransactionActionType.UpsertReplace, new TableEntity(partition, LeadKeys.OfferTally(shard)) { [Property] = true })), ct)));

    public static bool IsShard(string rowKey) => rowKey.StartsWith(LeadKeys.OfferTallyPrefix, StringComparison.Ordinal);
}
