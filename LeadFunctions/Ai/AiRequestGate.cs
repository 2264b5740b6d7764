using System.Threading.RateLimiting;

namespace LeadFunctions.Ai;

/// <summary>
/// The AI budget of one app instance (a singleton): at most <c>Ai:MaxConcurrency</c> calls in flight and
/// <c>Ai:MaxRequestsPerMinute</c> calls a minute. Each HTTP attempt, retries included, passes the gate; waits between
/// retries do not hold a slot.
/// </summary>
/// <remarks>
/// The per-minute budget is a token bucket refilled in small steps (about every 100 ms) and holding at most one second's
/// worth, so a burst of messages cannot spend a whole minute's budget at once.
/// </remarks>
public sealed class AiRequestGate : IDisposable
{
    private readonly SemaphoreSlim _slots;
    private readonly TokenBucketRateLimiter _rate;

    public AiRequestGate(int maxRequestsPerMinute, int maxConcurrency)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRequestsPerMinute, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxConcurrency, 1);
        MaxConcurrency = maxConcurrency;
        _slots = new SemaphoreSlim(maxConcurrency, maxConcurrency);
        _rate = new TokenBucketRateLimiter(RateLimiterOptions(maxRequestsPerMinute, queueLimit: maxConcurrency));
    }

    public int MaxConcurrency { get; }

    /// <summary>Waits for a free slot and a token; dispose the result when the HTTP attempt is over.</summary>
    public async Task<IDisposable> EnterAsync(CancellationToken cancellationToken)
    {
        await _slots.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            using var lease = await _rate.AcquireAsync(1, cancellationToken).ConfigureAwait(false);
            if (!lease.IsAcquired)
            {
                // Cannot happen while the queue is as long as the slots; kept as a clear failure rather than a bypass.
                throw new AiTransientException("the AI request budget queue is full", attempts: 0, statusCode: null);
            }

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

    public void Dispose()
    {
        _rate.Dispose();
        _slots.Dispose();
    }

    private sealed class Slot(SemaphoreSlim slots) : IDisposable
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
