using System.Threading.RateLimiting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeadFunctions.Ai;

/// <summary>
/// The AI budget (a singleton): <c>Ai:MaxRequestsPerMinute</c> calls a minute and <c>Ai:MaxConcurrency</c> calls in
/// flight. Each HTTP attempt, retries included, passes the gate; waits between retries do not hold a slot.
/// </summary>
/// <remarks>
/// <para>With a shared <see cref="IAiBudgetStore"/> (the app's registration) both limits hold for the whole app
/// however many instances run. The rate: <see cref="SharedRequestBudget"/> (windows of the budget taken in slices
/// and paced). The concurrency: each busy instance beats in the store (<see cref="InstanceRegistry"/>) and holds
/// <c>MaxConcurrency ÷ live instances</c> slots (at least one), re-divided at every heartbeat — so the sum stays
/// within the setting except for the few seconds after an instance joins, before the others' next heartbeat.</para>
/// <para>Without a store the limits are this process's: a token bucket refilled in small steps (about every 100 ms)
/// holding at most one second's worth, so a burst of messages cannot spend a whole minute's budget at once.</para>
/// </remarks>
public sealed class AiRequestGate : IDisposable, IAsyncDisposable
{
    private readonly AdjustableSlots _slots;
    private readonly TokenBucketRateLimiter? _localRate;
    private readonly SharedRequestBudget? _sharedRate;
    private readonly InstanceRegistry? _registry;
    private long _calls;

    /// <summary>A budget for this process alone.</summary>
    public AiRequestGate(int maxRequestsPerMinute, int maxConcurrency)
        : this(maxRequestsPerMinute, maxConcurrency, shared: null, TimeProvider.System, NullLogger.Instance)
    {
    }

    /// <param name="shared">Where the instances share the budget; null for a budget of this process alone.</param>
    /// <param name="timing">The shared budget's windows and heartbeats; <see cref="AiBudgetTiming.Default"/> when null.</param>
    public AiRequestGate(
        int maxRequestsPerMinute, int maxConcurrency, IAiBudgetStore? shared, TimeProvider timeProvider, ILogger logger, AiBudgetTiming? timing = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRequestsPerMinute, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        MaxConcurrency = maxConcurrency;
        _slots = new AdjustableSlots(maxConcurrency);
        if (shared is null)
        {
            _localRate = new TokenBucketRateLimiter(RateLimiterOptions(maxRequestsPerMinute, queueLimit: maxConcurrency));
            return;
        }

        timing ??= AiBudgetTiming.Default;
        _registry = new InstanceRegistry(shared, timeProvider, timing, logger, () => (Interlocked.Read(ref _calls), _sharedRate?.Slices ?? 0));
        _sharedRate = new SharedRequestBudget(shared, maxRequestsPerMinute, timeProvider, timing, () => _registry.LiveInstances, logger);
    }

    public int MaxConcurrency { get; }

    /// <summary>The calls this instance may have in flight now: its share of <see cref="MaxConcurrency"/>.</summary>
    public int ConcurrencyShare => _slots.Limit;

    /// <summary>Live instances sharing the budget, as this one last counted them (1 without a shared store).</summary>
    public int LiveInstances => _registry?.LiveInstances ?? 1;

    /// <summary>Calls admitted so far.</summary>
    public long Calls => Interlocked.Read(ref _calls);

    /// <summary>Waits for a free slot and a token; dispose the result when the HTTP attempt is over.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        if (_registry is not null)
        {
            await _registry.RefreshAsync(cancellationToken).ConfigureAwait(false);
            _slots.Limit = Math.Max(1, MaxConcurrency / _registry.LiveInstances);
        }

        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_sharedRate is not null)
            {
                await _sharedRate.TakeAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                using var lease = await _localRate!.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
                if (!lease.IsAcquired)
                {
                    // Cannot happen while the queue is as long as the slots; kept as a clear failure rather than a bypass.
                    throw new AiTransientException("the AI request budget queue is full", attempts: 0, statusCode: null);
                }
            }

            Interlocked.Increment(ref _calls);
            return new Slot(_slots);
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>
    /// A bucket refilled by <c>ceil(rpm / 600)</c> tokens each <c>60 s × tokens / rpm</c> (about 100 ms, exactly rpm a
    /// minute) holding at most one second of budget.
    /// </summary>
    internal static TokenBucketRateLimiterOptions RateLimiterOptions(int maxRequestsPerMinute, int queueLimit)
    {
        var tokensPerPeriod = (maxRequestsPerMinute + 599) / 600;
        return new TokenBucketRateLimiterOptions
        {
            TokensPerPeriod = tokensPerPeriod,
            ReplenishmentPeriod = TimeSpan.FromMinutes(1) * tokensPerPeriod / maxRequestsPerMinute,
            TokenLimit = Math.Max(tokensPerPeriod, (maxRequestsPerMinute + 59) / 60),
            QueueLimit = queueLimit,
            QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
            AutoReplenishment = true,
        };
    }

    /// <summary>Leaves the shared budget (so the others take this instance's share at once), then disposes.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.LeaveAsync().ConfigureAwait(false);
        }

        Dispose();
    }

    public void Dispose() => _localRate?.Dispose();

    private sealed class Slot(AdjustableSlots slots) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                slots.Release();
            }
        }
    }
}
