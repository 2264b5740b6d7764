using Microsoft.Extensions.Logging;

namespace LeadFunctions.Ai;

/// <summary>
/// This instance's heartbeat in the shared budget store, and the number of live instances it learns from it. Only a
/// busy instance beats (from <see cref="AiRequestGate.EnterAsync"/>, at most every <c>HeartbeatEvery</c>), so an idle
/// one drops out of the count after <c>LiveFor</c> and leaves its share of the concurrency to the others. An instance
/// that others may not count yet (first call, or idle past <c>LiveFor</c>) waits for its beat before it calls the AI;
/// later beats run in the background. A failed beat keeps the last count.
/// </summary>
internal sealed class InstanceRegistry(
    IAiBudgetStore store, TimeProvider timeProvider, AiBudgetTiming timing, ILogger logger, Func<(long Calls, long Slices)> stats)
{
    private readonly Lock _gate = new();
    private readonly CancellationTokenSource _stopping = new();
    private Task _beating = Task.CompletedTask;
    private DateTimeOffset _lastBeat = DateTimeOffset.MinValue;
    private DateTimeOffset _lastAttempt = DateTimeOffset.MinValue;
    private int _live = 1;
    private bool _failing;

    public string InstanceId { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Guid.NewGuid().ToString("N")[..12]}";

    /// <summary>Live instances, this one included, as of the last successful heartbeat (1 before any).</summary>
    public int LiveInstances => Volatile.Read(ref _live);

    public Task RefreshAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        Task beating;
        lock (_gate)
        {
            if (_beating.IsCompleted && now - _lastAttempt >= timing.HeartbeatEvery)
            {
                _lastAttempt = now;
                _beating = BeatAsync(now, left: false);
            }

            beating = _beating;
            if (now - _lastBeat < timing.LiveFor)
            {
                return Task.CompletedTask;
            }
        }

        return beating.WaitAsync(cancellationToken);
    }

    /// <summary>Marks this instance as gone, so the others take its share at once (best effort).</summary>
    public async Task LeaveAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        if (_lastBeat == DateTimeOffset.MinValue)
        {
            return;
        }

        try
        {
            await _beating.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        await BeatAsync(timeProvider.GetUtcNow(), left: true).ConfigureAwait(false);
    }

    private async Task BeatAsync(DateTimeOffset now, bool left)
    {
        using var timeout = left ? new CancellationTokenSource() : CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(timing.StorageTimeout);
        try
        {
            var (calls, slices) = stats();
            var beat = new InstanceBeat(InstanceId, now, left, calls, slices, store.StorageRequests);
            var live = await store.BeatAsync(beat, now - timing.LiveFor, timeout.Token).ConfigureAwait(false);
            Volatile.Write(ref _live, Math.Max(1, live.Count(b => b.InstanceId != InstanceId) + (left ? 0 : 1)));
            _lastBeat = now;
            if (_failing)
            {
                _failing = false;
                logger.LogInformation("AI budget heartbeats reach the storage again; {Instances} live instances", LiveInstances);
            }
        }
        catch (Exception e)
        {
            if (_stopping.IsCancellationRequested && !left)
            {
                return;
            }

            if (!_failing)
            {
                _failing = true;
                logger.LogWarning(e, "AI budget heartbeat failed; this instance keeps counting {Instances} live instances", LiveInstances);
            }
        }
    }
}
