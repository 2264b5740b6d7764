using Azure;
using Azure.Data.Tables;

namespace LeadFunctions.Storage;

/// <summary>
/// Stops every lead write of an offer that is being deleted, including writes planned before the delete began. Every
/// lead transaction reads and rewrites one of the offer's tally shards with its ETag (<see cref="LeadPartitionWriter"/>);
/// raising the fence replaces all of them with a marker, so a transaction that read a shard before fails on its ETag
/// (or on Add, if it meant to create it) and its retry reads the marker and gives up with <see cref="OfferDeletedException"/>.
/// </summary>
public static class OfferFence
{
    private const string Property = "OfferDeleted";

    public static bool IsRaised(TableEntity? shard) => shard?.GetBoolean(Property) == true;

    public static Task RaiseAsync(TableClient leads, string offerId, CancellationToken ct) =>
        leads.SubmitTransactionAsync(Enumerable.Range(0, LeadKeys.ShardCount).Select(shard => new TableTransactionAction(
            TableTransactionActionType.UpsertReplace, new TableEntity(offerId, LeadKeys.OfferTally(shard)) { [Property] = true })), ct);

    /// <summary>Removes the fence once nothing can still be writing (see <c>LeadScoringOptions.DeletionSweepDelay</c>).</summary>
    public static Task LiftAsync(TableClient leads, string offerId, CancellationToken ct) =>
        leads.SubmitTransactionAsync(Enumerable.Range(0, LeadKeys.ShardCount).Select(shard => new TableTransactionAction(
            TableTransactionActionType.Delete, new TableEntity(offerId, LeadKeys.OfferTally(shard)), ETag.All)), ct);

    public static bool IsShard(string rowKey) => rowKey.StartsWith(LeadKeys.OfferTallyPrefix, StringComparison.Ordinal);
}
