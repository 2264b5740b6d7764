using Microsoft.Extensions.Logging;

namespace LeadFunctions.Ai;

/// <summary>
/// <c>Ai:MaxRequestsPerMinute</c> for the whole app. Time is cut into windows of <c>Window</c> (wall clock, the same
/// on every instance), each worth its part of the per-minute budget. An instance takes a slice of the current window
/// (<see cref="IAiBudgetStore.TakeAsync"/>: positions no other instance holds) and spends it locally; when half its slice
/// is used it takes the next (so the storage's latency does not hold up calls), and when the window is spent it waits
/// for the next window.
/// </summary>
/// <remarks>
/// <para>Paced: position p of a window is not spent before <c>window start + p × Window / budget</c>, whichever
/// instance holds it, nor more than <c>MaxLateness</c> after (an instance that fell behind skips it), so the app's calls are spread evenly over the window (no burst at a window's start, and any
/// minute holds about one minute of budget, whatever the provider's own window).</para>
/// <para>Slices are sized to demand: up to twice what the instance took in the previous window's half, doubling within
/// a window, never more than <c>budget / (2 × live instances)</c>, so a busy instance takes about two slices a window
/// and a quiet one does not sit on budget it will not spend. A slice costs about two storage requests.</para>
/// <para>When the storage fails (an error or no answer within <c>StorageTimeout</c>) the instance spends, for that
/// window, its share of the window's budget (budget ÷ the live instances it last counted, less what it already took
/// in the window), spread over the rest of the window, and logs a warning once; it asks the storage again at the next
/// window. Scoring so goes on through an outage at the app's budget as long as no instance joins meanwhile.</para>
/// </remarks>
internal sealed class SharedRequestBudget(
    IAiBudgetStore store, int maxRequestsPerMinute, TimeProvider timeProvider, AiBudgetTiming timing, Func<int> liveInstances, ILogger logger)
{
    /// <summary>How long to wait before asking again when other instances kept winning the counter's update.</summary>
    private static readonly TimeSpan ContendedRetry = TimeSpan.FromMilliseconds(20);

    private readonly long _windowMs = (long)timing.Window.TotalMilliseconds;
    private readonly SemaphoreSlim _refill = new(1, 1);
    private readonly Lock _gate = new();
    private readonly Queue<Slice> _held = new();
    private long _window = long.MinValue;
    private long _spentWindow = long.MinValue;
    private int _takenThisWindow;
    private int _takenPreviousWindow;
    private int _lastSlice;
    private int _waiting;
    private bool _degraded;
    private long _slices;

    /// <summary>Slices taken from the shared store so far.</summary>
    public long Slices => Interlocked.Read(ref _slices);

    /// <summary>Waits until this instance may start one AI call.</summary>
    public async Task TakeAsync(CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _waiting);
        try
        {
            // Each round returns with a call, or waits (for a later window, or briefly after contention) before the next.
            while (true)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (TryTakeLocal(out var startAt))
                {
                    await DelayUntilAsync(startAt, cancellationToken).ConfigureAwait(false);
                    return;
                }

                TimeSpan wait;
                await _refill.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    wait = TryTakeLocal(out startAt) ? TimeSpan.Zero : await RefillAsync(cancellationToken).ConfigureAwait(false);
                }
                finally
                {
                    _refill.Release();
                }

                if (wait > TimeSpan.Zero)
                {
                    await Task.Delay(wait, timeProvider, cancellationToken).ConfigureAwait(false);
                }
                else if (startAt != default)
                {
                    await DelayUntilAsync(startAt, cancellationToken).ConfigureAwait(false);
                    return;
                }
            }
        }
        finally
        {
            Interlocked.Decrement(ref _waiting);
        }
    }

    /// <summary>The calls window <paramref name="window"/> is worth when the budget is divided by <paramref name="divisor"/>: exactly rpm / divisor a minute over time.</summary>
    internal static int BudgetOf(long window, int maxRequestsPerMinute, long windowMs, int divisor)
    {
        Int128 PerMinuteUpTo(long w) => (Int128)w * maxRequestsPerMinute * windowMs / (60_000 * (Int128)divisor);
        return (int)(PerMinuteUpTo(window + 1) - PerMinuteUpTo(window));
    }

    private long WindowOf(DateTimeOffset moment) => moment.ToUnixTimeMilliseconds() / _windowMs;

    private DateTimeOffset StartOf(long window) => DateTimeOffset.FromUnixTimeMilliseconds(window * _windowMs);

    private bool TryTakeLocal(out DateTimeOffset startAt)
    {
        var now = timeProvider.GetUtcNow();
        var current = WindowOf(now);
        var tooLate = now - timing.Lateness;
        bool running;
        lock (_gate)
        {
            while (_held.TryPeek(out var used) && (used.Window != current || used.Next >= used.End || Skip(used, tooLate)))
            {
                _held.Dequeue();
            }

            if (!_held.TryPeek(out var slice))
            {
                startAt = default;
                return false;
            }

            startAt = slice.Origin + slice.Spacing * slice.Next++;
            running = _held.Sum(s => s.End - s.Next) <= Math.Max(1, (slice.End - slice.First) / 2);
        }

        if (running && _spentWindow != current)
        {
            // Half the slice is gone: take the next one now, so that waiting for the storage does not hold up a call.
            _ = PrefetchAsync();
        }

        return true;
    }

    /// <summary>
    /// Drops the positions of <paramref name="slice"/> due before <paramref name="tooLate"/>; true when none is left.
    /// Spending them now would bunch calls that were meant to be spread, and a provider counting a sliding minute
    /// would see the bunch on top of the next minute's calls.
    /// </summary>
    private static bool Skip(Slice slice, DateTimeOffset tooLate)
    {
        var late = (tooLate - slice.Origin) / slice.Spacing;
        if (late > slice.Next)
        {
            slice.Next = (int)Math.Min(slice.End, Math.Ceiling(late));
        }

        return slice.Next >= slice.End;
    }

    private async Task PrefetchAsync()
    {
        if (!await _refill.WaitAsync(TimeSpan.Zero).ConfigureAwait(false))
        {
            return;
        }

        try
        {
            await RefillAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _refill.Release();
        }
    }

    /// <summary>Takes a slice of the current window; returns how long to wait first when there is none to take.</summary>
    private async Task<TimeSpan> RefillAsync(CancellationToken cancellationToken)
    {
        var now = timeProvider.GetUtcNow();
        var window = WindowOf(now);
        if (window != _window)
        {
            _takenPreviousWindow = window == _window + 1 ? _takenThisWindow : 0;
            _takenThisWindow = 0;
            _lastSlice = 0;
            _window = window;
        }

        var untilNext = StartOf(window + 1) - now;
        var budget = BudgetOf(window, maxRequestsPerMinute, _windowMs, 1);
        if (_spentWindow == window || budget == 0)
        {
            return untilNext;
        }

        var instances = Math.Max(1, liveInstances());
        var cap = Math.Max(1, (budget + 2 * instances - 1) / (2 * instances));
        var want = Math.Clamp(Math.Max(Volatile.Read(ref _waiting), Math.Max(_takenPreviousWindow / 2, _lastSlice * 2)), 1, cap);
        BudgetGrant grant;
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(timing.StorageTimeout);
            grant = await store.TakeAsync(window, budget, want, timeout.Token).ConfigureAwait(false);
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            _spentWindow = window;
            var share = BudgetOf(window, maxRequestsPerMinute, _windowMs, instances) - _takenThisWindow;
            if (!_degraded)
            {
                _degraded = true;
                logger.LogWarning(
                    e,
                    "The shared AI budget is unavailable; until it answers this instance spends 1/{Instances} of each window's budget on its own",
                    instances);
            }

            if (share <= 0)
            {
                return untilNext;
            }

            _takenThisWindow += share;
            SetSlice(new Slice(window, now, untilNext / share, 0, share));
            return TimeSpan.Zero;
        }

        if (_degraded)
        {
            _degraded = false;
            logger.LogInformation("The shared AI budget answers again");
        }

        if (grant.Count == 0)
        {
            if (grant.Contended)
            {
                return ContendedRetry;
            }

            _spentWindow = window;
            return untilNext;
        }

        Interlocked.Increment(ref _slices);
        _takenThisWindow += grant.Count;
        _lastSlice = grant.Count;
        SetSlice(new Slice(window, StartOf(window), timing.Window / budget, grant.First, grant.First + grant.Count));
        return TimeSpan.Zero;
    }

    private void SetSlice(Slice slice)
    {
        lock (_gate)
        {
            _held.Enqueue(slice);
        }
    }

    private Task DelayUntilAsync(DateTimeOffset moment, CancellationToken cancellationToken)
    {
        var wait = moment - timeProvider.GetUtcNow();
        return wait > TimeSpan.Zero ? Task.Delay(wait, timeProvider, cancellationToken) : Task.CompletedTask;
    }

    /// <summary>Positions <c>[First, End)</c> of a window, <c>Next</c> the first unused; position p starts at <c>Origin + Spacing × p</c>.</summary>
    private sealed class Slice(long window, DateTimeOffset origin, TimeSpan spacing, int next, int end)
    {
        public int First { get; } = next;

        public long Window { get; } = window;

        public DateTimeOffset Origin { get; } = origin;

        public TimeSpan Spacing { get; } = spacing;

        public int End { get; } = end;

        public int Next { get; set; } = next;
    }
}
