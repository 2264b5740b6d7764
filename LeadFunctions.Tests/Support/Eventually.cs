namespace LeadFunctions.Tests.Support;

/// <summary>Bounded polling for state that the pipeline reaches asynchronously.</summary>
public static class Eventually
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(200);

    /// <summary>Probes until <paramref name="done"/> holds and returns that value; fails the test after <paramref name="timeout"/>.</summary>
    public static async Task<T> UntilAsync<T>(Func<Task<T>> probe, Func<T, bool> done, TimeSpan timeout, string what)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var value = await probe();
            if (done(value))
            {
                return value;
            }

            if (DateTime.UtcNow >= deadline)
            {
                throw new Xunit.Sdk.XunitException($"Waited {timeout.TotalSeconds:0} s for {what}; last seen: {value}");
            }

            await Task.Delay(Interval);
        }
    }
}
