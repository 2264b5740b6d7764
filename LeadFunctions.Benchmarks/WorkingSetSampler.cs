using System.Diagnostics;

namespace LeadFunctions.Benchmarks;

/// <summary>Samples this process's working set on a background loop and keeps the highest value seen.</summary>
public sealed class WorkingSetSampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private long _peak;

    private WorkingSetSampler()
    {
        _loop = Task.Run(SampleAsync);
    }

    public long PeakBytes => Interlocked.Read(ref _peak);

    public static WorkingSetSampler Start() => new();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
    }

    private async Task SampleAsync()
    {
        using var process = Process.GetCurrentProcess();
        using var timer = new PeriodicTimer(Interval);
        do
        {
            process.Refresh();
            var current = process.WorkingSet64;
            if (current > Interlocked.Read(ref _peak))
            {
                Interlocked.Exchange(ref _peak, current);
            }
        }
        while (await WaitAsync(timer));
    }

    private async Task<bool> WaitAsync(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stop.Token);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }
}
