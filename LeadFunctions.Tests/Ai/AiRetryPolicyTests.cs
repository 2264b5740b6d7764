namespace LeadFunctions.Tests.Ai;

public class AiRetryPolicyTests
{
    [Theory]
    [InlineData(1, 0.0, 500)]
    [InlineData(1, 0.99, 995)]
    [InlineData(2, 0.0, 1000)]
    [InlineData(3, 0.5, 3000)]
    [InlineData(30, 1.0, 60_000)]
    public void Backs_off_exponentially_with_jitter_up_to_the_cap(int failedAttempt, double jitter, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), new AiRetryPolicy(jitter: () => jitter).DelayAfter(failedAttempt, retryAfter: null));

    [Fact]
    public void Honours_retry_after_exactly_up_to_the_cap()
    {
        var policy = new AiRetryPolicy(jitter: () => 0.9);

        Assert.Equal(TimeSpan.FromSeconds(7), policy.DelayAfter(1, TimeSpan.FromSeconds(7)));
        Assert.Equal(TimeSpan.FromSeconds(60), policy.DelayAfter(1, TimeSpan.FromMinutes(5)));
    }
}
