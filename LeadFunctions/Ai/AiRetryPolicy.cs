namespace LeadFunctions.Ai;

/// <summary>
/// How often and how long the AI classifier retries a 429, 5xx, timeout or network failure within one call:
/// exponential backoff with jitter (1 s, 2 s, 4 s… each between half and all of that), or exactly what the service asked
/// for with <c>Retry-After</c>, never more than <see cref="MaxDelay"/>.
/// </summary>
/// <remarks>The SDK's own retry is switched off (see <see cref="AiChatClientFactory"/>), so this is the only retry in a call.</remarks>
public sealed class AiRetryPolicy
{
    public const int DefaultMaxAttempts = 4;

    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromSeconds(1);
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(60);

    private readonly Func<TimeSpan, CancellationToken, Task> _delay;
    private readonly Func<double> _jitter;

    /// <param name="maxAttempts">HTTP attempts per call, the first included.</param>
    /// <param name="delay">Waits between attempts; tests pass one that records and returns at once. Default: <see cref="Task.Delay(TimeSpan, TimeProvider, CancellationToken)"/>.</param>
    /// <param name="jitter">A number in [0, 1); default <see cref="Random.Shared"/>.</param>
    public AiRetryPolicy(
        int maxAttempts = DefaultMaxAttempts,
        TimeSpan? baseDelay = null,
        TimeSpan? maxDelay = null,
        Func<TimeSpan, CancellationToken, Task>? delay = null,
        Func<double>? jitter = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxAttempts, 1);
        MaxAttempts = maxAttempts;
        BaseDelay = baseDelay ?? DefaultBaseDelay;
        MaxDelay = maxDelay ?? DefaultMaxDelay;
        TimeProvider = timeProvider ?? TimeProvider.System;
        _delay = delay ?? ((wait, ct) => Task.Delay(wait, TimeProvider, ct));
        _jitter = jitter ?? Random.Shared.NextDouble;
    }

    public int MaxAttempts { get; }

    public TimeSpan BaseDelay { get; }

    public TimeSpan MaxDelay { get; }

    /// <summary>The clock used to read a <c>Retry-After</c> date.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>The wait after failed attempt number <paramref name="failedAttempt"/> (1-based).</summary>
    public TimeSpan DelayAfter(int failedAttempt, TimeSpan? retryAfter)
    {
        if (retryAfter is { } asked)
        {
            return asked < MaxDelay ? asked : MaxDelay;
        }

        var exponential = BaseDelay * Math.Pow(2, Math.Min(failedAttempt - 1, 30));
        var capped = exponential < MaxDelay ? exponential : MaxDelay;
        return capped / 2 + capped / 2 * _jitter();
    }

    public Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken) => _delay(delay, cancellationToken);
}
