using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace LeadFunctions.Tests.Ai;

/// <summary>
/// Several gates (the app's instances) sharing one budget store, on a fake clock: together they stay within
/// <c>Ai:MaxRequestsPerMinute</c> and <c>Ai:MaxConcurrency</c>, spread their calls over time, and keep scoring at their
/// share when the store fails.
/// </summary>
public sealed class AppAiBudgetTests
{
    /// <summary>One-second windows so a test covers many of them in little fake time.</summary>
    private static readonly AiBudgetTiming Timing = new(
        Window: TimeSpan.FromSeconds(1),
        HeartbeatEvery: TimeSpan.FromSeconds(1),
        LiveFor: TimeSpan.FromSeconds(3),
        StorageTimeout: TimeSpan.FromSeconds(1));

    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(50);

    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 1, 0, 0, 0, TimeSpan.Zero));
    private readonly InMemoryAiBudgetStore _store = new();

    [Theory]
    [InlineData(600, 5_000)]
    [InlineData(100, 5_000)]
    [InlineData(7, 5_000)]
    [InlineData(1_000_000, 1_000)]
    public void Windows_add_up_to_exactly_the_budget_per_minute(int perMinute, long windowMs)
    {
        var windowsPerMinute = 60_000 / windowMs;
        var start = 29_123_456L;
        var minute = Enumerable.Range(0, (int)windowsPerMinute).Sum(i => SharedRequestBudget.BudgetOf(start + i, perMinute, windowMs, 1));
        var share = Enumerable.Range(0, (int)windowsPerMinute).Sum(i => SharedRequestBudget.BudgetOf(start + i, perMinute, windowMs, 3));

        Assert.InRange(minute, perMinute - 1, perMinute + 1);
        Assert.InRange(share, perMinute / 3 - 1, perMinute / 3 + 1);
    }

    [Fact]
    public async Task Three_instances_together_stay_within_the_budget_and_spread_their_calls()
    {
        var gates = Enumerable.Range(0, 3).Select(_ => Gate(perMinute: 600, maxConcurrency: 30)).ToList();

        var calls = await CallAsFastAsAllowedAsync(gates, callersPerGate: 6, TimeSpan.FromSeconds(30));

        // 10 calls per one-second window (the clock stops on a window's first moment: one more); paced, so no second
        // (nor any longer span) holds more than its budget — give or take a few calls a step of the fake clock late.
        Assert.InRange(calls.Count, 240, 301);
        Assert.InRange(MostInAnySpan(calls, TimeSpan.FromSeconds(1)), 1, 10 + 3);
        Assert.InRange(MostInAnySpan(calls, TimeSpan.FromSeconds(10)), 1, 100 + 3);
        Assert.All(Enumerable.Range(0, 3), g => Assert.True(calls.Count(c => c.Gate == g) > calls.Count / 6, $"gate {g} starved"));
        Assert.All(_store.Taken.Values, taken => Assert.InRange(taken, 0, 10));
    }

    [Fact]
    public async Task One_instance_alone_gets_the_whole_budget_without_a_burst()
    {
        var gate = Gate(perMinute: 1200, maxConcurrency: 8);

        var calls = await CallAsFastAsAllowedAsync([gate], callersPerGate: 8, TimeSpan.FromSeconds(10));

        // 20 calls a second, spread: half a second holds about 10 of them, not the minute's 1,200 nor a window's 20.
        Assert.InRange(calls.Count, 160, 201);
        Assert.InRange(MostInAnySpan(calls, TimeSpan.FromMilliseconds(500)), 1, 10 + 3);
    }

    [Fact]
    public async Task Instances_divide_the_concurrency_and_take_back_the_share_of_one_that_leaves_or_goes_idle()
    {
        var gates = Enumerable.Range(0, 3).Select(_ => Gate(perMinute: 60_000, maxConcurrency: 8)).ToList();
        foreach (var gate in gates)
        {
            (await EnterAsync(gate)).Dispose();
        }

        await AdvanceAsync(Timing.HeartbeatEvery);
        foreach (var gate in gates)
        {
            (await EnterAsync(gate)).Dispose();
        }

        Assert.All(gates, g => Assert.Equal((3, 2), (g.LiveInstances, g.ConcurrencyShare)));
        var held = new List<IDisposable> { await EnterAsync(gates[0]), await EnterAsync(gates[0]) };
        using var cancel = new CancellationTokenSource();
        var third = gates[0].EnterAsync(cancel.Token);
        await AdvanceAsync(Step);
        Assert.False(third.IsCompleted, "a third call in flight on an instance whose share is two");
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => third);
        held.ForEach(h => h.Dispose());

        await gates[2].DisposeAsync();
        await AdvanceAsync(Timing.HeartbeatEvery);
        (await EnterAsync(gates[0])).Dispose();
        Assert.Equal((2, 4), (gates[0].LiveInstances, gates[0].ConcurrencyShare));

        // gates[1] makes no more calls: past LiveFor it no longer counts, so gates[0] holds the whole setting.
        await AdvanceAsync(Timing.LiveFor + Timing.HeartbeatEvery);
        (await EnterAsync(gates[0])).Dispose();
        await AdvanceAsync(Timing.HeartbeatEvery);
        (await EnterAsync(gates[0])).Dispose();
        Assert.Equal((1, 8), (gates[0].LiveInstances, gates[0].ConcurrencyShare));
    }

    [Fact]
    public async Task A_storage_outage_neither_stops_scoring_nor_lets_the_instances_exceed_the_budget()
    {
        var logs = new RecordingLoggerProvider();
        var logger = logs.CreateLogger("budget");
        var gates = Enumerable.Range(0, 2).Select(_ => Gate(perMinute: 600, maxConcurrency: 8, logger)).ToList();
        foreach (var gate in gates)
        {
            (await EnterAsync(gate)).Dispose();
        }

        await AdvanceAsync(Timing.HeartbeatEvery);
        foreach (var gate in gates)
        {
            (await EnterAsync(gate)).Dispose();
        }

        Assert.All(gates, g => Assert.Equal(2, g.LiveInstances));
        _store.Broken = true;
        var during = await CallAsFastAsAllowedAsync(gates, callersPerGate: 4, TimeSpan.FromSeconds(10));
        _store.Broken = false;
        var takenBefore = _store.Taken.Values.Sum();
        var after = await CallAsFastAsAllowedAsync(gates, callersPerGate: 4, TimeSpan.FromSeconds(5));

        // Each instance spends half of each window (5 calls a second) on its own; one window may hold what was taken before.
        Assert.All(Enumerable.Range(0, 2), g => Assert.InRange(during.Count(c => c.Gate == g), 35, 5 * 11));
        Assert.InRange(MostInAnySpan(during, TimeSpan.FromSeconds(5)), 1, 50 + 5);
        Assert.True(_store.Taken.Values.Sum() - takenBefore >= after.Count - 10, "the instances went back to the shared budget");
        Assert.InRange(after.Count, 35, 50);
        // Once per instance, not once per window.
        Assert.Equal(2, logs.Entries.Count(e => e.Level == LogLevel.Warning && e.Message.Contains("shared AI budget is unavailable")));
        Assert.Contains(logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("answers again"));
    }

    [Fact]
    public async Task Lowering_the_slots_limit_admits_nobody_until_the_holders_are_below_it()
    {
        var slots = new AdjustableSlots(2);
        await slots.WaitAsync(CancellationToken.None);
        await slots.WaitAsync(CancellationToken.None);
        slots.Limit = 1;
        var waiting = slots.WaitAsync(CancellationToken.None);

        slots.Release();
        Assert.False(waiting.IsCompleted);
        slots.Release();
        await waiting;
        slots.Limit = 3;
        await slots.WaitAsync(CancellationToken.None);
        await slots.WaitAsync(CancellationToken.None);

        using var cancel = new CancellationTokenSource();
        var cancelled = slots.WaitAsync(cancel.Token);
        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        Assert.Equal(3, slots.InUse);
        slots.Release();
        Assert.True(slots.WaitAsync(CancellationToken.None).IsCompleted, "a cancelled waiter kept a slot");
    }

    private AiRequestGate Gate(int perMinute, int maxConcurrency, ILogger? logger = null) =>
        new(perMinute, maxConcurrency, _store, _time, logger ?? NullLogger.Instance, Timing);

    /// <summary>
    /// Callers on every gate that enter and leave as fast as the gates allow while the fake clock runs for
    /// <paramref name="duration"/>; returns which gate admitted each call and when.
    /// </summary>
    private async Task<List<(int Gate, DateTimeOffset At)>> CallAsFastAsAllowedAsync(
        IReadOnlyList<AiRequestGate> gates, int callersPerGate, TimeSpan duration)
    {
        var calls = new ConcurrentQueue<(int Gate, DateTimeOffset At)>();
        using var stop = new CancellationTokenSource();
        var callers = gates.SelectMany((gate, index) => Enumerable.Range(0, callersPerGate).Select(_ => Task.Run(async () =>
        {
            for (var i = 0; i < 100_000 && !stop.IsCancellationRequested; i++)
            {
                try
                {
                    using var slot = await gate.EnterAsync(stop.Token);
                    calls.Enqueue((index, _time.GetUtcNow()));
                }
                catch (OperationCanceledException)
                {
                    return;
                }
            }
        }))).ToList();

        await AdvanceAsync(duration);
        await stop.CancelAsync();
        await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(30));
        return calls.OrderBy(c => c.At).ToList();
    }

    /// <summary>Enters <paramref name="gate"/> while the fake clock runs (calls are paced), for at most a minute of it.</summary>
    private async Task<IDisposable> EnterAsync(AiRequestGate gate)
    {
        var entering = gate.EnterAsync(CancellationToken.None);
        for (var step = 0; step < 1200 && !entering.IsCompleted; step++)
        {
            await AdvanceAsync(Step);
        }

        return await entering.WaitAsync(TimeSpan.FromSeconds(5));
    }

    /// <summary>Moves the fake clock in small steps, letting the callers run (up to a bounded real wait) at each.</summary>
    private async Task AdvanceAsync(TimeSpan duration)
    {
        for (var moved = TimeSpan.Zero; moved < duration; moved += Step)
        {
            _time.Advance(Step);
            await Task.Delay(3);
        }
    }

    private static int MostInAnySpan(List<(int Gate, DateTimeOffset At)> calls, TimeSpan span)
    {
        var most = 0;
        for (int first = 0, last = 0; last < calls.Count; last++)
        {
            while (calls[last].At - calls[first].At >= span)
            {
                first++;
            }

            most = Math.Max(most, last - first + 1);
        }

        return most;
    }
}
