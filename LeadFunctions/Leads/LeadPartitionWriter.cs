using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Leads;

/// <summary>
/// Writes lead transitions (<see cref="LeadTransition"/>). A change to a lead, its score-order index entry, the offer's
/// and batches' tallies (what <c>count</c> reads) and the batch progress counters (what <c>GET /api/batches</c> reads)
/// is written as one entity-group transaction in the lead's partition (<see cref="LeadPartitions"/>), guarded by ETags
/// and retried on conflict. So a message delivered twice, or a process killed between two writes, can never count a
/// lead twice or lose it.
/// </summary>
/// <remarks>
/// Requests are saved two ways, neither of which can let a wrong write through, since every entity the first attempt
/// did not read is written under the ETag it is believed to have (or added, if believed absent): a transition may
/// carry the state its caller believes is stored (<see cref="LeadTransition.Assumed"/>), and the counter shards this
/// process wrote last are remembered with their ETags. A failed first attempt reads everything and decides again.
/// </remarks>
public sealed class LeadPartitionWriter(LeadTables tables, OfferRepository offers, ILogger<LeadPartitionWriter> logger)
{
    /// <summary>Entity-group transactions take at most 100 operations; each lead takes at most 4, plus shared counters.</summary>
    public const int MaxLeadsPerTransaction = 16;

    private const int MaxAttempts = 40;

    /// <summary>Counter entities remembered, at most; past it the memory starts over (each is then read once again).</summary>
    private const int MaxRememberedCounters = 4096;

    private readonly ConcurrentDictionary<(string Partition, string Row), TableEntity> _counters = new();

    /// <summary>
    /// Counter shards handed out per partition: concurrent writers of one partition never share one, and each
    /// partition's writers keep to the few shards whose ETags this process remembers (one pool for all partitions would
    /// spread them over every partition's shards, each read once more before its first write).
    /// </summary>
    private readonly ConcurrentDictionary<string, ShardPool> _shards = new(StringComparer.Ordinal);

    /// <summary>
    /// Writes the transitions of the offer's leads, one transaction per partition they fall in (in parallel), and
    /// returns, for each, what is stored after it. Should one partition's transaction fail, the others may have been
    /// written: each lead's change is whole either way, and applying the same transitions again is harmless.
    /// </summary>
    public async Task<IReadOnlyList<LeadWritten>> ApplyAsync(string offerId, IReadOnlyList<LeadTransition> transitions, CancellationToken cancellationToken)
    {
        if (transitions.Count is 0 or > MaxLeadsPerTransaction)
        {
            throw new ArgumentOutOfRangeException(nameof(transitions), transitions.Count, $"Between 1 and {MaxLeadsPerTransaction} leads per transaction.");
        }

        var table = await tables.GetAsync(LeadTables.Leads, cancellationToken);
        var partitions = await offers.GetLeadPartitionsAsync(offerId, cancellationToken);
        var groups = Enumerable.Range(0, transitions.Count).GroupBy(i => partitions.Of(transitions[i].LeadId), StringComparer.Ordinal).ToList();
        if (groups.Count == 1)
        {
            return await ApplyInPartitionAsync(table, offerId, groups[0].Key, transitions, cancellationToken);
        }

        var results = new LeadWritten[transitions.Count];
        await Task.WhenAll(groups.Select(async group =>
        {
            var indexes = group.ToArray();
            var written = await ApplyInPartitionAsync(table, offerId, group.Key, indexes.Select(i => transitions[i]).ToList(), cancellationToken);
            for (var j = 0; j < indexes.Length; j++)
            {
                results[indexes[j]] = written[j];
            }
        }));
        return results;
    }

    private async Task<IReadOnlyList<LeadWritten>> ApplyInPartitionAsync(
        TableClient table, string offerId, string partition, IReadOnlyList<LeadTransition> transitions, CancellationToken cancellationToken)
    {
        if (_shards.Count > MaxRememberedCounters)
        {
            _shards.Clear();
        }

        var pool = _shards.GetOrAdd(partition, _ => new ShardPool(LeadKeys.ShardCount));
        var lease = pool.Take();
        try
        {
            for (var attempt = 1; ; attempt++)
            {
                // The first attempt trusts what callers and this process believe is stored; any other reads it.
                var believed = attempt == 1 && transitions.All(t => t.Assumed is not null);
                var plan = believed ? PlanFrom(partition, offerId, transitions, transitions.Select(t => t.Assumed!).ToArray(), verifyAssumed: true) : null;
                if (plan is not { VerifiesAssumptions: true })
                {
                    plan = PlanFrom(partition, offerId, transitions, await ReadAsync(table, partition, transitions, cancellationToken), verifyAssumed: false);
                }

                if (plan.Actions.Count == 0)
                {
                    return plan.Results;
                }

                // Even without counter changes: the offer tally shard it rewrites is what a deletion fences (OfferFence).
                var counters = await PlanCountersAsync(table, partition, offerId, plan, lease.Shard, remembered: attempt == 1, cancellationToken);
                try
                {
                    var response = await table.SubmitTransactionAsync(plan.Actions, cancellationToken);
                    return Written(plan, counters, response.Value);
                }
                catch (TableTransactionFailedException ex) when (ex.Status is 404 or 409 or 412 && attempt < MaxAttempts)
                {
                    // Another writer changed an entity we read or believed (or one believed absent exists): read and re-decide.
                    Forget(counters);
                    logger.LogDebug("Lead transaction conflict in {Partition} (attempt {Attempt}, status {Status})", partition, attempt, ex.Status);
                    if (attempt > 1)
                    {
                        await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(2, 10 + attempt * 10)), cancellationToken);
                    }
                }
            }
        }
        finally
        {
            pool.Return(lease);
        }
    }

    private static async Task<StoredLead[]> ReadAsync(TableClient table, string partition, IReadOnlyList<LeadTransition> transitions, CancellationToken ct)
    {
        var reads = transitions.Select(async t =>
        {
            var lead = GetAsync<LeadEntity>(table, partition, LeadKeys.Lead(t.LeadId), ct);
            var marker = t.BatchId is null ? Task.FromResult<TableEntity?>(null) : GetAsync<TableEntity>(table, partition, LeadKeys.Marker(t.BatchId, t.LeadId), ct);
            var m = await marker;
            return new StoredLead(await lead, m?.GetString("State"), m?.ETag ?? default);
        }).ToList();
        return await Task.WhenAll(reads);
    }

    /// <param name="verifyAssumed">
    /// The states are believed, not read: the plan is only usable if it writes every one of them under its ETag (or adds
    /// it), so that a wrong belief fails the transaction instead of passing unnoticed.
    /// </param>
    private static Plan PlanFrom(string partition, string offerId, IReadOnlyList<LeadTransition> transitions, StoredLead[] stored, bool verifyAssumed)
    {
        var plan = new Plan(transitions.Count);
        for (var i = 0; i < transitions.Count; i++)
        {
            var transition = transitions[i];
            var (lead, markerState, markerETag) = stored[i];
            var outcome = transition.Apply(lead, markerState);
            var (after, newMarker) = outcome switch
            {
                LeadOutcome.Write w => (PlanLead(partition, offerId, lead, w.After, plan, i), w.MarkerState),
                LeadOutcome.Reowned r => (PlanLead(partition, offerId, lead, r.After, plan, i), markerState),
                LeadOutcome.Remove => (PlanLead(partition, offerId, lead, null, plan, i), null),
                LeadOutcome.CountIn c => (lead, c.MarkerState),
                _ => (lead, markerState),
            };
            var writesLead = outcome is LeadOutcome.Write or LeadOutcome.Reowned || (outcome is LeadOutcome.Remove && lead is not null);
            plan.VerifiesAssumptions &= writesLead;
            if (outcome is LeadOutcome.Keep or LeadOutcome.Stale || transition.BatchId is not { } batchId)
            {
                plan.Results[i] = new LeadWritten(after, outcome, markerState, markerETag);
                continue;
            }

            // A believed marker is written even when its state stays, so that its ETag is checked.
            if (markerState != newMarker || (verifyAssumed && markerState is not null))
            {
                PlanMarker(partition, batchId, transition.LeadId, markerState, markerETag, newMarker, plan, i);
            }
            else if (verifyAssumed)
            {
                plan.VerifiesAssumptions = false;
            }

            plan.Results[i] = new LeadWritten(after, outcome, newMarker, markerState == newMarker ? markerETag : default);
        }

        return plan;
    }

    private static LeadEntity? PlanLead(string partition, string offerId, LeadEntity? before, LeadEntity? after, Plan plan, int index)
    {
        var actions = plan.Actions;
        if (after is null)
        {
            if (before is null)
            {
                return null;
            }

            // By key, not the entity as given: a lead believed (carried by a message) may name only its offer as partition.
            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, before.RowKey), before.ETag));
            if (before.IndexKey is not null)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, before.IndexKey), ETag.All));
            }

            plan.Deltas.Tally(before, -1);
            return null;
        }

        after = after.Clone();
        after.PartitionKey = partition;
        after.RowKey = LeadKeys.Lead(after.Id);
        after.OfferId = offerId;
        after.IndexKey = LeadKeys.Index(after);
        plan.LeadActions[index] = actions.Count;
        if (before is null)
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.Add, after));
        }
        else
        {
            actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, after, before.ETag));
            plan.Deltas.Tally(before, -1);
            if (before.IndexKey is not null && before.IndexKey != after.IndexKey)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, before.IndexKey), ETag.All));
            }
        }

        var indexEntry = after.Clone();
        indexEntry.RowKey = after.IndexKey;
        indexEntry.ETag = default;
        actions.Add(new TableTransactionAction(TableTransactionActionType.UpsertReplace, indexEntry));
        plan.Deltas.Tally(after, +1);
        return after;
    }

    private static void PlanMarker(
        string partition, string batchId, string leadId, string? oldState, ETag oldETag, string? newState, Plan plan, int index)
    {
        var actions = plan.Actions;
        var rowKey = LeadKeys.Marker(batchId, leadId);
        if (newState is null)
        {
            if (oldState is null)
            {
                return;
            }

            actions.Add(new TableTransactionAction(TableTransactionActionType.Delete, new TableEntity(partition, rowKey), oldETag));
            plan.Deltas.Progress(batchId, "Removed", +1);
        }
        else
        {
            plan.MarkerActions[index] = actions.Count;
            var marker = new TableEntity(partition, rowKey) { ["State"] = newState, ["LeadId"] = leadId };
            if (oldState is null)
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.Add, marker));
                // Each marker added is one more distinct lead the batch took in (BatchProgress.Marked).
                plan.Deltas.Progress(batchId, BatchProgress.MarkedCounter, +1);
            }
            else
            {
                actions.Add(new TableTransactionAction(TableTransactionActionType.UpdateReplace, marker, oldETag));
            }
        }

        foreach (var counter in MarkerStates.Counters(oldState))
        {
            plan.Deltas.Progress(batchId, counter, -1);
        }

        foreach (var counter in MarkerStates.Counters(newState))
        {
            plan.Deltas.Progress(batchId, counter, +1);
        }
    }

    /// <summary>Adds the counter changes on <paramref name="shard"/> to the plan; returns the counter entities it writes, by action.</summary>
    /// <param name="remembered">Take the counters this process wrote last as they were, without reading them.</param>
    private async Task<List<(int Action, TableEntity Next)>> PlanCountersAsync(
        TableClient table, string partition, string offerId, Plan plan, int shard, bool remembered, CancellationToken ct)
    {
        var targets = plan.Deltas.Entities(shard).ToList();
        if (!targets.Any(t => t.RowKey == LeadKeys.OfferTally(shard)))
        {
            targets.Add((LeadKeys.OfferTally(shard), new Dictionary<string, long>()));
        }

        var existing = await Task.WhenAll(targets.Select(t =>
            remembered && _counters.TryGetValue((partition, t.RowKey), out var known)
                ? Task.FromResult<TableEntity?>(known)
                : GetAsync<TableEntity>(table, partition, t.RowKey, ct)));
        if (existing.Any(OfferFence.IsRaised))
        {
            throw new OfferDeletedException(offerId);
        }

        var written = new List<(int, TableEntity)>(targets.Count);
        for (var i = 0; i < targets.Count; i++)
        {
            var (rowKey, changes) = targets[i];
            var entity = existing[i] ?? new TableEntity(partition, rowKey);
            var next = new TableEntity(partition, rowKey);
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

            written.Add((plan.Actions.Count, next));
            plan.Actions.Add(existing[i] is null
                ? new TableTransactionAction(TableTransactionActionType.Add, next)
                : new TableTransactionAction(TableTransactionActionType.UpdateReplace, next, existing[i]!.ETag));
        }

        return written;
    }

    /// <summary>The results with the ETags the transaction gave the leads and markers; the counters it wrote remembered.</summary>
    private IReadOnlyList<LeadWritten> Written(Plan plan, List<(int Action, TableEntity Next)> counters, IReadOnlyList<Response> responses)
    {
        ETag? ETagOf(int action) => action >= 0 && action < responses.Count ? responses[action]?.Headers.ETag : null;

        if (_counters.Count > MaxRememberedCounters)
        {
            _counters.Clear();
        }

        foreach (var (action, next) in counters)
        {
            if (ETagOf(action) is { } etag)
            {
                next.ETag = etag;
                _counters[(next.PartitionKey, next.RowKey)] = next;
            }
            else
            {
                _counters.TryRemove((next.PartitionKey, next.RowKey), out _);
            }
        }

        var results = new LeadWritten[plan.Results.Length];
        for (var i = 0; i < results.Length; i++)
        {
            var result = plan.Results[i];
            if (plan.LeadActions[i] >= 0 && result.Lead is not null)
            {
                result.Lead.ETag = ETagOf(plan.LeadActions[i]) ?? default;
            }

            results[i] = plan.MarkerActions[i] >= 0 ? result with { MarkerETag = ETagOf(plan.MarkerActions[i]) ?? default } : result;
        }

        return results;
    }

    private void Forget(List<(int Action, TableEntity Next)> counters)
    {
        foreach (var (_, next) in counters)
        {
            _counters.TryRemove((next.PartitionKey, next.RowKey), out _);
        }
    }

    internal static async Task<T?> GetAsync<T>(TableClient table, string partitionKey, string rowKey, CancellationToken ct)
        where T : class, ITableEntity
    {
        var response = await table.GetEntityIfExistsAsync<T>(partitionKey, rowKey, cancellationToken: ct);
        return response.HasValue ? response.Value : null;
    }

    /// <summary>One transaction's actions, counter changes and results; which action writes each lead and marker (-1: none).</summary>
    private sealed class Plan(int count)
    {
        public List<TableTransactionAction> Actions { get; } = [];

        public CounterDeltas Deltas { get; } = new();

        public LeadWritten[] Results { get; } = new LeadWritten[count];

        public int[] LeadActions { get; } = Enumerable.Repeat(-1, count).ToArray();

        public int[] MarkerActions { get; } = Enumerable.Repeat(-1, count).ToArray();

        /// <summary>Every lead and marker believed stored is written under its ETag (or added), so a wrong belief fails.</summary>
        public bool VerifiesAssumptions { get; set; } = true;
    }
}

/// <summary>
/// What a transition left stored: the lead (null: none; with its new ETag when this transaction wrote it), the
/// transition's outcome, and the state and ETag of the marker of the transition's batch (ETag unknown: default).
/// </summary>
public sealed record LeadWritten(LeadEntity? Lead, LeadOutcome Outcome, string? MarkerState, ETag MarkerETag);
