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

    public async Task<IReadOnlyList<LeadEntity?>> ApplyAsync(string offerId, IReadOnlyList<LeadWork> work, CancellationToken cancellationToken)
    {
        if (work.Count is 0 or > MaxLeadsPerTransaction)
        {
            throw new ArgumentOutOfRangeException(nameof(work), work.Count, $"Between 1 and {MaxLeadsPerTransaction} leads per transaction.");
        }

        var table = await tables.GetAsync(LeadTables.Leads, cancellationToken);
        for (var attempt = 1; ; attempt++)
        {
            var plan = await PlanAsync(table, offerId, work, cancellationToken);
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
                // Another writer changed an entity we read: read again and re-decide.
                logger.LogDebug("Lead transaction conflict in {OfferId} (attempt {Attempt}, status {Status})", offerId, attempt, ex.Status);
                await Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.Next(2, 10 + attempt * 10)), cancellationToken);
            }
        }
    }

    private static async Task<Plan> PlanAsync(TableClient table, string offerId, IReadOnlyList<LeadWork> work, CancellationToken ct)
    {
        var reads = work.Select(async w =>
        {
            var lead = GetAsync<LeadEntity>(table, offerId, LeadKeys.Lead(w.LeadId), ct);
            var marker = w.BatchId is null ? Task.FromResult<TableEntity?>(null) : GetAsync<TableEntity>(table, offerId, LeadKeys.Marker(w.BatchId, w.LeadId), ct);
            return (Lead: await lead, Marker: await marker);
        }).ToList();
        var current = await Task.WhenAll(reads);

        var actions = new List<TableTransactionAction>();
        var deltas = new CounterDeltas();
        var results = new LeadEntity?[work.Count];
        for (var i = 0; i < work.Count; i++)
        {
            var (lead, marker) = current[i];
            var markerState = marker?.GetString("State");
            var decision = work[i].Decide(lead, markerState);
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

        if (!deltas.IsEmpty)
        {
            await PlanCountersAsync(table, offerId, deltas, actions, ct);
        }

        return new Plan(actions, results);
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
        var shard = Random.Shared.Next(LeadKeys.ShardCount);
        var targets = deltas.Entities(shard).ToList();
        var existing = await Task.WhenAll(targets.Select(t => GetAsync<TableEntity>(table, offerId, t.RowKey, ct)));
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

    private sealed record Plan(List<TableTransactionAction> Actions, IReadOnlyList<LeadEntity?> Results);
}
