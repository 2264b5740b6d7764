using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Storage;

/// <summary>
/// The one way leads change. A change to a lead, its score-order index entry, the offer's and batches' tallies
/// (what <c>count</c> reads) and the batch progress counters (what <c>GET /api/batches</c> reads) is written as one
/// entity-group transaction in the offer's partition, guarded by ETags and retried on conflict. So a message delivered
/// twice, or a process killed between two writes, can never count a lead twice or lose it.
/// </summary>
public sealed class LeadPartitionWriter(LeadTables tables, ILogger<LeadPartitionWriter> logger)
{
    /// <summary>Entity-group transactions take at most 100 operations; each lead takes at most 4, plus shared counters.</summary>
    public const int MaxLeadsPerTransaction = 16;

    private const int MaxAttempts = 40;

    /// <summary>
    /// The counter shard this process writes next. Taken in turn (from a random start, so instances differ), concurrent
    /// writers of one process land on different shards; picked at random, two of them would often read the same
    /// counter entity and one would have to start over.
    /// </summary>
    private static int _nextShard = Random.Shared.Next(LeadKeys.ShardCount);

    public Task<IReadOnlyList<LeadEntity?>> ApplyAsync(string offerId, IReadOnlyList<LeadWork> work, CancellationToken cancellationToken) =>
        ApplyAsync(offerId, work, expectNew: false, cancellationToken);

    /// <param name="expectNew">
    /// The leads are most likely not stored yet (the rows of a new upload). The first attempt then decides as if neither
    /// the lead nor its batch marker existed, without reading them: when every lead and marker comes out as an Add, an
    /// entity that does exist after all fails the whole transaction (409) and the next attempt reads and decides as
    /// usual. Saves two reads per new lead; anything else is decided from what is stored, as without it.
    /// </param>
    public async Task<IReadOnlyList<LeadEntity?>> ApplyAsync(string offerId, IReadOnlyList<LeadWork> work, bool expectNew, CancellationToken cancellationToken)
    {
        if (work.Count is 0 or > MaxLeadsPerTransaction)
        {
            throw new ArgumentOutOfRangeException(nameof(work), work.Count, $"Between 1 and {MaxLeadsPerTransaction} leads per transaction.");
        }

        var table = await tables.GetAsync(LeadTables.Leads, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var assumeNew = expectNew && attempt == 1;
            var plan = assumeNew ? await PlanAsync(table, offerId, work, new Current[work.Count], cancellationToken) : null;
            if (plan is not { AddsEveryLead: true })
            {
                // Only Adds can prove the assumption wrong, so anything else is decided from what is stored.
                assumeNew = false;
                plan = await PlanAsync(table, offerId, work, await ReadAsync(table, offerId, work, cancellationToken), cancellationToken);
            }

            if (plan.Actions.Count == 0)
            {
                return plan.Results;
            }

            try
            {
                await table.SubmitTransactionAsync(plan.Actions, cancellationToken);
                return plan.Results;
            }
            catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412 && attempt < MaxAttempts)
            {
                // Another writer changed an entity we read (or one assumed new exists): read again and re-decide.
                logger.LogDebug("Lead transaction conflict in {OfferId} (attempt {Attempt}, status {Status})", offerId, attempt, ex.Status);
                if (!assumeNew)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(2, 10 + attempt * 10)), cancellationToken);
                }
            }
        }
    }

    /// <summary>A lead's stored record and the marker of the batch its work names (null where there is none).</summary>
    private readonly record struct Current(LeadEntity? Lead, TableEntity? Marker);

    private static async Task<Current[]> ReadAsync(TableClient table, string offerId, IReadOnlyList<LeadWork> work, CancellationToken ct)
    {
        var reads = work.Select(async w =>
        {
            var lead = GetAsync<LeadEntity>(table, offerId, LeadKeys.Lead(w.LeadId), ct);
            var marker = w.BatchId is null ? Task.FromResult<TableEntity?>(null) : GetAsync<TableEntity>(table, offerId, LeadKeys.Marker(w.BatchId, w.LeadId), ct);
            return new Current(await lead, await marker);
        }).ToList();
        return await Task.WhenAll(reads);
    }

    private static async Task<Plan> PlanAsync(TableClient table, string offerId, IReadOnlyList<LeadWork> work, Current[] current, CancellationToken ct)
    {
        var actions = new List<TableTransactionAction>();
        var deltas = new CounterDeltas();
        var results = new LeadEntity?[work.Count];
        var addsEveryLead = true;
        for (var i = 0; i < work.Count; i++)
        {
            var (lead, marker) = current[i];
            var markerState = marker?.GetString("State");
            var decision = work[i].Decide(lead, markerState);
            addsEveryLead &= lead is null && marker is null && !decision.IsUnchanged && decision.After is not null
                && (work[i].BatchId is null || decision.MarkerState is not null);
            if (decision.IsUnchanged)
            {
                results[i] = lead;
                continue;
            }

            // Returning the current record itself means "settle the batch marker, leave the lead as it is".
            results[i] = ReferenceEquals(decision.After, lead) ? lead : PlanLead(offerId, lead, decision.After, actions, deltas);
            if (work[i].BatchId is { } batchId && markerState != decision.MarkerState)
            {
                PlanMarker(offerId, batchId, work[i].LeadId, marker, decision.MarkerState, actions, deltas);
            }
        }

        if (actions.Count > 0)
        {
            // Even without counter changes: the offer tally shard it rewrites is what a deletion fences (OfferFence).
            await PlanCountersAsync(table, offerId, deltas, actions, ct);
        }

        return new Plan(actions, results, addsEveryLead);
    }

    private static LeadEntity? PlanLead(string offerId, LeadEntity? before, LeadEntity? after, List<TableTransactionAction> actions, CounterDeltas deltas)
    {
        if (after is null)
        {
            if (before is null)
            {
                return null;
            }

            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, before, before.ETag));
            if (before.IndexKey is not null)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(offerId, before.IndexKey), ETag.All));
            }

            deltas.Tally(before, -1);
            return null;
        }

        after = after.Clone();
        after.PartitionKey = offerId;
        after.RowKey = LeadKeys.Lead(after.Id);
        after.OfferId = offerId;
        after.IndexKey = LeadKeys.Index(after);
        if (before is null)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, after));
        }
        else
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, after, before.ETag));
            deltas.Tally(before, -1);
            if (before.IndexKey is not null && before.IndexKey != after.IndexKey)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(offerId, before.IndexKey), ETag.All));
            }
        }

        var index = after.Clone();
        index.RowKey = after.IndexKey;
        index.ETag = default;
        actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, index));
        deltas.Tally(after, +1);
        return after;
    }

    private static void PlanMarker(
        string offerId, string batchId, string leadId, TableEntity? marker, string? newState,
        List<TableTransactionAction> actions, CounterDeltas deltas)
    {
        var oldState = marker?.GetString("State");
        if (newState is null)
        {
            if (marker is null)
            {
                return;
            }

            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, marker, marker.ETag));
            deltas.Progress(batchId, "Removed", +1);
        }
        else if (marker is null)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add,
                new TableEntity(offerId, LeadKeys.Marker(batchId, leadId)) { ["State"] = newState, ["LeadId"] = leadId }));
            deltas.Progress(batchId, BatchLeadCount.Counter, +1);
        }
        else
        {
            var updated = new TableEntity(offerId, marker.RowKey) { ["State"] = newState, ["LeadId"] = leadId };
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, updated, marker.ETag));
        }

        foreach (var counter in MarkerStates.Counters(oldState))
        {
            deltas.Progress(batchId, counter, -1);
        }

        foreach (var counter in MarkerStates.Counters(newState))
        {
            deltas.Progress(batchId, counter, +1);
        }
    }

    private static async Task PlanCountersAsync(TableClient table, string offerId, CounterDeltas deltas, List<TableTransactionAction> actions, CancellationToken ct)
    {
        var shard = (int)((uint)Interlocked.Increment(ref _nextShard) % LeadKeys.ShardCount);
        var targets = deltas.Entities(shard).ToList();
        if (!targets.Any(t => t.RowKey == LeadKeys.OfferTally(shard)))
        {
            targets.Add((LeadKeys.OfferTally(shard), new Dictionary<string, long>()));
        }

        var existing = await Task.WhenAll(targets.Select(t => GetAsync<TableEntity>(table, offerId, t.RowKey, ct)));
        if (existing.Any(OfferFence.IsRaised))
        {
            throw new OfferDeletedException(offerId);
        }
        for (var i = 0; i < targets.Count; i++)
        {
            var (rowKey, changes) = targets[i];
            var entity = existing[i] ?? new TableEntity(offerId, rowKey);
            var next = new TableEntity(offerId, rowKey);
            foreach (var (key, value) in entity)
            {
                if (key is not ("PartitionKey" or "RowKey" or "Timestamp" or "odata.etag"))
                {
                    next[key] = value;
                }
            }

            foreach (var (counter, delta) in changes)
            {
                var value = (entity.GetInt64(counter) ?? 0) + delta;
                if (value == 0)
                {
                    next.Remove(counter);
                }
                else
                {
                    next[counter] = value;
                }
            }

            actions.Add(existing[i] is null
                ? new TableTransactionAction(TableTransactionActionType.Add, next)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, next, existing[i]!.ETag));
        }
    }

    internal static async Task<T?> GetAsync<T>(TableClient table, string partitionKey, string rowKey, CancellationToken ct)
        where T : class, ITableEntity
    {
        var response = await table.GetEntityIfExistsAsync<T>(partitionKey, rowKey, cancellationToken: ct);
        return response.HasValue ? response.Value : null;
    }

    /// <param name="AddsEveryLead">Every lead and batch marker is added (so the transaction fails if one already exists).</param>
    private sealed record Plan(List<TableTransactionAction> Actions, IReadOnlyList<LeadEntity?> Results, bool AddsEveryLead);
}
