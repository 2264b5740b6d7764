namespace LeadFunctions.Tests.Ai;

public class AiRequestGateTests
{
    [Theory]
    [InlineData(600, 1, 100, 10)]
    [InlineData(1000, 2, 120, 17)]
    [InlineData(6000, 10, 100, 100)]
    [InlineData(60, 1, 1000, 1)]
    [InlineData(6, 1, 10_000, 1)]
    public void Refills_in_small_steps_and_holds_one_second_of_budget(int perMinute, int tokens, int periodMs, int bucket)
    {
        var options = AiRequestGate.RateLimiterOptions(perMinute, queueLimit: 4);

        Assert.Equal((tokens, TimeSpan.FromMilliseconds(periodMs), bucket), (options.TokensPerPeriod, options.ReplenishmentPeriod, options.TokenLimit));
        Assert.Equal(perMinute, options.TokensPerPeriod * (TimeSpan.FromMinutes(1) / options.ReplenishmentPeriod), precision: 6);
    }

    [Fact]
    public async Task A_slot_is_given_back_when_its_holder_is_done()
    {
        using var gate = new AiRequestGate(maxRequestsPerMinute: 6000, maxConcurrency: 1);

        var first = await gate.EnterAsync(CancellationToken.None);
        var second = gate.EnterAsync(CancellationToken.None);
        Assert.False(second.IsCompleted);

        first.Dispose();
        first.Dispose(); // a second dispose must not free an extra slot
        (await second).Dispose();
        using var third = await gate.EnterAsync(CancellationToken.None);
        using var cancel = new CancellationTokenSource();
        var fourth = gate.EnterAsync(cancel.Token);
        Assert.False(fourth.IsCompleted);

        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fourth);
    }
}
