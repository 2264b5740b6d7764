namespace LeadFunctions.Tests.Faults;

/// <summary>Bounded polling: a condition is asked again every interval until it holds or the time is up, never forever.</summary>
public static class Eventually
{
    private static readonly TimeSpan DefaultInterval = TimeSpan.FromMilliseconds(500);

    /// <summary>Returns the first value that satisfies <paramref name="until"/>; fails the test with <paramref name="describe"/> of the last value otherwise.</summary>
    public static async Task<T> WaitAsync<T>(
        Func<Task<T>> probe,
        Func<T, bool> until,
        TimeSpan timeout,
        Func<T?, string> describe,
        TimeSpan? interval = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        T? last = default;
        while (DateTime.UtcNow < deadline)
        {
            last = await probe();
            if (until(last))
            {
                return last;
            }

            await Task.Delay(interval ?? DefaultInterval);
        }

        Assert.Fail($"Not reached within {timeout.TotalSeconds:0} s: {describe(last)}");
        throw new InvalidOperationException("unreachable");
    }
}
