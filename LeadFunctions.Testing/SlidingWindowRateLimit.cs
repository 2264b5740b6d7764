using System.Diagnostics;

namespace LeadFunctions.Testing;

/// <summary>
/// A provider's requests-per-minute quota as the fake enforces it: at most <c>limit × window / 1 min</c> requests are
/// accepted in any trailing <see cref="Window"/>; a request beyond that is refused with the time until a slot frees up.
/// Refused requests do not count against the quota. Thread-safe.
/// </summary>
public sealed class SlidingWindowRateLimit
{
    private readonly Lock _gate = new();
    private readonly Queue<long> _accepted = new();
    private readonly int _capacity;
    private readonly long _windowTicks;

    public SlidingWindowRateLimit(int requestsPerMinute, TimeSpan window)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(requestsPerMinute, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(window, TimeSpan.Zero);
        RequestsPerMinute = requestsPerMinute;
        Window = window;
        _capacity = Math.Max(1, (int)Math.Floor(requestsPerMinute * window.TotalMinutes));
        _windowTicks = (long)(window.TotalSeconds * Stopwatch.Frequency);
    }

    public int RequestsPerMinute { get; }

    public TimeSpan Window { get; }

    /// <summary>Accepts the request now, or says how long until it would be accepted.</summary>
    public (bool Accepted, TimeSpan RetryAfter) TryAcquire()
    {
        var now = Stopwatch.GetTimestamp();
        lock (_gate)
        {
            while (_accepted.Count > 0 && now - _accepted.Peek() >= _windowTicks)
            {
                _accepted.Dequeue();
            }

            if (_accepted.Count < _capacity)
            {
                _accepted.Enqueue(now);
                return (true, TimeSpan.Zero);
            }

            return (false, Stopwatch.GetElapsedTime(now, _accepted.Peek() + _windowTicks));
        }
    }
}
