using Azure;
using Azure.Data.Tables;
namespace LeadFunctions.Ai;

/// <summary>
/// <see cref="IAiBudgetStore"/> in table <see cref="LeadTables.AiBudget"/> (with the configured prefix). Partition
/// <c>window</c> holds a ring of <see cref="WindowSlots"/> counters, one per window (RowKey <c>slot-NN</c> = window mod
/// the ring): a window reuses its slot's row, so the table never grows. A slice costs a read and an ETag-guarded
/// write; a write that loses to another instance (412, or 409 on the first insert) reads again. Partition
/// <c>instance</c> holds one heartbeat row per instance.
/// </summary>
public sealed class TableAiBudgetStore(LeadTables tables, TimeProvider timeProvider) : IAiBudgetStore
{
    /// <summary>A minute of five-second windows: far more than the two (current and next) in use at a time.</summary>
    public const int WindowSlots = 12;

    private const string WindowPartition = "window";
    private const string InstancePartition = "instance";
    private const int MaxAttempts = 8;

    /// <summary>Heartbeats of instances gone this long are deleted by whoever sees them.</summary>
    private static readonly TimeSpan ForgetAfter = TimeSpan.FromHours(1);

    private long _storageRequests;

    /// <summary>Requests this store sent to the budget table (reads, writes, queries; the table's creation aside).</summary>
    public long StorageRequests => Interlocked.Read(ref _storageRequests);

    public async Task<BudgetGrant> TakeAsync(long window, int budget, int want, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(want, 1);
        var table = await tables.GetAsync(LeadTables.AiBudget, cancellationToken).ConfigureAwait(false);
        var rowKey = $"slot-{window % WindowSlots:00}";
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            Interlocked.Increment(ref _storageRequests);
            var stored = await table.GetEntityIfExistsAsync<TableEntity>(WindowPartition, rowKey, cancellationToken: cancellationToken).ConfigureAwait(false);
            var entity = stored.HasValue && stored.Value is { } found ? found : null;
            var storedWindow = entity?.GetInt64("Window") ?? long.MinValue;
            if (storedWindow > window)
            {
                // Another instance's clock is a whole ring ahead of ours: spend nothing until ours catches up.
                return BudgetGrant.Spent;
            }

            var first = storedWindow == window ? entity!.GetInt32("Taken") ?? budget : 0;
            var count = Math.Min(want, budget - first);
            if (count <= 0)
            {
                return BudgetGrant.Spent;
            }

            var next = new TableEntity(WindowPartition, rowKey) { ["Window"] = window, ["Taken"] = first + count };
            try
            {
                Interlocked.Increment(ref _storageRequests);
                if (entity is null)
                {
                    await table.AddEntityAsync(next, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await table.UpdateEntityAsync(next, entity.ETag, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
                }

                return new BudgetGrant(first, count);
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // Another instance took a slice between our read and our write: read its count and try again.
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(1, 5 * attempt)), timeProvider, cancellationToken).ConfigureAwait(false);
            }
        }

        return new BudgetGrant(0, 0, Contended: true);
    }

    public async Task<IReadOnlyList<InstanceBeat>> BeatAsync(InstanceBeat beat, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LeadTables.AiBudget, cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(InstancePartition, beat.InstanceId)
        {
            ["LastSeen"] = beat.LastSeen,
            ["Left"] = beat.Left,
            ["Calls"] = beat.Calls,
            ["Slices"] = beat.Slices,
            ["StorageRequests"] = beat.StorageRequests,
        };
        Interlocked.Increment(ref _storageRequests);
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
        var beats = await ReadBeatsAsync(table, cancellationToken).ConfigureAwait(false);
        foreach (var gone in beats.Where(b => b.LastSeen < since - ForgetAfter))
        {
            Interlocked.Increment(ref _storageRequests);
            await table.DeleteEntityAsync(InstancePartition, gone.InstanceId, ETag.All, cancellationToken).ConfigureAwait(false);
        }

        return beats.Where(b => !b.Left && b.LastSeen >= since).ToList();
    }

    public async Task<IReadOnlyList<InstanceBeat>> ReadBeatsAsync(CancellationToken cancellationToken) =>
        await ReadBeatsAsync(await tables.GetAsync(LeadTables.AiBudget, cancellationToken).ConfigureAwait(false), cancellationToken).ConfigureAwait(false);

    private async Task<List<InstanceBeat>> ReadBeatsAsync(TableClient table, CancellationToken cancellationToken)
    {
        var beats = new List<InstanceBeat>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {InstancePartition}");
        await foreach (var page in table.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken).AsPages().ConfigureAwait(false))
        {
            Interlocked.Increment(ref _storageRequests);
            beats.AddRange(page.Values.Select(e => new InstanceBeat(
                e.RowKey,
                e.GetDateTimeOffset("LastSeen") ?? DateTimeOffset.MinValue,
                e.GetBoolean("Left") ?? false,
                e.GetInt64("Calls") ?? 0,
                e.GetInt64("Slices") ?? 0,
                e.GetInt64("StorageRequests") ?? 0)));
        }

        return beats;
    }
}
