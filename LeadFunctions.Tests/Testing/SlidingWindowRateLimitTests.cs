namespace LeadFunctions.Tests.Testing;

/// <summary>The quota the fake AI enforces in the rate-limit benchmark must refuse exactly what is over it.</summary>
public sealed class SlidingWindowRateLimitTests
{
    [Fact]
    public void Accepts_the_quota_of_one_window_then_refuses_with_the_wait_until_a_slot_frees()
    {
        var limit = new SlidingWindowRateLimit(requestsPerMinute: 600, window: TimeSpan.FromMinutes(1));

        var accepted = Enumerable.Range(0, 600).Count(_ => limit.TryAcquire().Accepted);
        var (overQuota, retryAfter) = limit.TryAcquire();

        Assert.Equal(600, accepted);
        Assert.False(overQuota);
        Assert.InRange(retryAfter, TimeSpan.FromTicks(1), TimeSpan.FromMinutes(1));
    }

    [Fact]
    public void A_shorter_window_holds_its_share_of_the_minute()
    {
        var limit = new SlidingWindowRateLimit(requestsPerMinute: 600, window: TimeSpan.FromSeconds(10));

        Assert.Equal(100, Enumerable.Range(0, 150).Count(_ => limit.TryAcquire().Accepted));
    }

    [Fact]
    public void Refused_requests_do_not_use_up_the_quota()
    {
        var limit = new SlidingWindowRateLimit(requestsPerMinute: 1, window: TimeSpan.FromMinutes(1));

        Assert.True(limit.TryAcquire().Accepted);
        Assert.Equal(0, Enumerable.Range(0, 10).Count(_ => limit.TryAcquire().Accepted));
    }
}
