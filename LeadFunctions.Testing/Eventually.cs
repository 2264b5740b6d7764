namespace LeadFunctions.Testing;

/// <summary>Bounded polling for conditions the pipeline reaches asynchronously (triggers, queues).</summary>
public static class Eventually
{
    /// <summary>Checks <paramref name="condition"/> every <paramref name="interval"/> until it holds; fails the test after <paramref name="timeout"/>.</summary>
    /// <param name="describe">What was awaited, for the failure message (evaluated only on failure).</param>
    public static async Task TrueAsync(Func<Task<bool>> condition, TimeSpan timeout, TimeSpan interval, Func<string> describe)
    {
        var deadline = DateTime.UtcNow + timeout;
        var maxChecks = (int)Math.Ceiling(timeout / interval) + 1;
        for (var check = 0; check < maxChecks; check++)
        {
            if (await condition())
            {
                return;
            }

            if (DateTime.UtcNow >= deadline)
            {
                break;
            }

            await Task.Delay(interval);
        }

        Assert.Fail($"Waited {timeout.TotalSeconds:0} s for {describe()}.");
    }
}
