using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Leads;

/// <summary>
/// Group commit for the one-lead transitions that concurrent invocations of one instance hand in (a scoring message
/// each): while a transaction of a partition is in flight, the transitions for that partition wait, and the next
/// transaction writes up to <see cref="LeadPartitionWriter.MaxLeadsPerTransaction"/> of them with one tally update.
/// Each caller's task completes only once its own lead is durable, so no queue message is completed early.
/// </summary>
/// <remarks>
/// Only transitions that carry what their caller believes is stored (<see cref="LeadTransition.Assumed"/>) are grouped:
/// the group is written without reading, and one whose belief is wrong fails the transaction, which the writer then
/// reads and decides again lead by lead. Two transitions of one lead never share a transaction. A group that storage
/// refuses for another reason (a 4xx) is written again lead by lead, so one lead's fault fails only its own message.
/// </remarks>
public sealed class LeadGroupCommit(LeadPartitionWriter writer, OfferRepository offers, ILogger<LeadGroupCommit> logger)
{
    private readonly ConcurrentDictionary<(string OfferId, string Partition), Lane> _lanes = new();

    /// <summary>Writes <paramref name="transition"/>, alone or with others of its partition; returns what is stored after it.</summary>
    public async Task<LeadWritten> ApplyAsync(string offerId, LeadTransition transition, CancellationToken ct)
    {
        if (transition.Assumed is null)
        {
            return (await writer.ApplyAsync(offerId, [transition], ct))[0];
        }

        var partitions = await offers.GetLeadPartitionsAsync(offerId, ct);
        var key = (offerId, partitions.Of(transition.LeadId));
        var waiting = new Waiting(transition);
        var lane = _lanes.GetOrAdd(key, _ => new Lane());
        bool flush;
        lock (lane)
        {
            lane.Queue.Add(waiting);
            flush = !lane.Flushing;
            lane.Flushing = true;
        }

        if (flush)
        {
            // Off the caller's invocation, and outside its trace: the lane writes others' groups after this caller's.
            using (ExecutionContext.SuppressFlow())
            {
                _ = Task.Run(() => FlushAsync(key, lane), CancellationToken.None);
            }
        }

        return await waiting.Written.Task.WaitAsync(ct);
    }

    private async Task FlushAsync((string OfferId, string Partition) key, Lane lane)
    {
        while (true)
        {
            List<Waiting> group;
            lock (lane)
            {
                group = lane.TakeGroup(LeadPartitionWriter.MaxLeadsPerTransaction);
                if (group.Count == 0)
                {
                    lane.Flushing = false;
                    _lanes.TryRemove(new KeyValuePair<(string, string), Lane>(key, lane));
                    return;
                }
            }

            await WriteAsync(key.OfferId, group);
        }
    }

    /// <summary>
    /// Writes the group without a caller's cancellation (each caller stops waiting on its own): the transitions are
    /// whole either way, and one written after its caller gave up only finds its message redelivered and kept.
    /// </summary>
    private async Task WriteAsync(string offerId, List<Waiting> group)
    {
        try
        {
            var written = await writer.ApplyAsync(offerId, group.Select(w => w.Transition).ToList(), CancellationToken.None);
            for (var i = 0; i < group.Count; i++)
            {
                group[i].Written.TrySetResult(written[i]);
            }
        }
        catch (Azure.RequestFailedException ex) when (group.Count > 1 && ex.Status is >= 400 and < 500)
        {
            // Refused for what it holds (the writer already re-reads and retries conflicts): one lead's doing, so each
            // alone. A storage outage (5xx, no answer) fails every lead alike and is not multiplied by 16 requests.
            logger.LogWarning(ex, "A group of {Count} lead writes failed; writing them one by one", group.Count);
            await Task.WhenAll(group.Select(w => WriteAsync(offerId, [w])));
        }
        catch (Exception ex)
        {
            group.ForEach(w => w.Written.TrySetException(ex));
        }
    }

    private sealed class Waiting(LeadTransition transition)
    {
        public LeadTransition Transition { get; } = transition;

        public TaskCompletionSource<LeadWritten> Written { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    /// <summary>One partition's transitions waiting for a transaction, and whether a flush is writing them.</summary>
    private sealed class Lane
    {
        public List<Waiting> Queue { get; } = [];

        public bool Flushing { get; set; }

        /// <summary>Takes up to <paramref name="max"/> waiting transitions in arrival order, at most one per lead.</summary>
        public List<Waiting> TakeGroup(int max)
        {
            var group = new List<Waiting>(Math.Min(max, Queue.Count));
            var leads = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < Queue.Count && group.Count < max; i++)
            {
                if (leads.Add(Queue[i].Transition.LeadId))
                {
                    group.Add(Queue[i]);
                }
            }

            Queue.RemoveAll(group.Contains);
            return group;
        }
    }
}
