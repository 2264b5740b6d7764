using System.Diagnostics;

namespace LeadFunctions.Testing;

/// <summary>
/// Samples this process's working set and managed heap on a timer while something runs, keeping the peaks.
/// Start it after a full collection so the baseline is what is live, not garbage waiting for a GC.
/// </summary>
public sealed class MemorySampler : IAsyncDisposable
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(20);

    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly long _allocatedAtStart;

    private MemorySampler()
    {
        BaselineManagedBytes = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        BaselineWorkingSetBytes = process.WorkingSet64;
        PeakWorkingSetBytes = BaselineWorkingSetBytes;
        PeakManagedBytes = BaselineManagedBytes;
        _allocatedAtStart = GC.GetTotalAllocatedBytes(precise: true);
        _loop = Task.Run(SampleAsync);
    }

    public long BaselineManagedBytes { get; }

    public long BaselineWorkingSetBytes { get; }

    public long PeakManagedBytes { get; private set; }

    public long PeakWorkingSetBytes { get; private set; }

    /// <summary>Bytes allocated by the whole process (every thread) while sampling; set by <see cref="StopAsync"/>.</summary>
    public long AllocatedBytes { get; private set; }

    public long PeakManagedGrowthBytes => PeakManagedBytes - BaselineManagedBytes;

    public static MemorySampler Start() => new();

    public ValueTask DisposeAsync() => StopAsync();

    /// <summary>Stops sampling and takes a last sample; the figures are final from then on. Safe to call again.</summary>
    public async ValueTask StopAsync()
    {
        if (_stop.IsCancellationRequested)
        {
            return;
        }

        await _stop.CancelAsync();
        await _loop;
        Sample();
        AllocatedBytes = GC.GetTotalAllocatedBytes(precise: true) - _allocatedAtStart;
        _stop.Dispose();
    }

    public override string ToString() =>
        $"working set {Mb(BaselineWorkingSetBytes)} -> peak {Mb(PeakWorkingSetBytes)} MB; "
        + $"managed heap {Mb(BaselineManagedBytes)} -> peak {Mb(PeakManagedBytes)} MB (growth {Mb(PeakManagedGrowthBytes)} MB); "
        + $"allocated {Mb(AllocatedBytes)} MB; process lifetime peak working set {Mb(LifetimePeakWorkingSet())} MB";

    private static string Mb(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("0.0", System.Globalization.CultureInfo.InvariantCulture);

    private static long LifetimePeakWorkingSet()
    {
        using var process = Process.GetCurrentProcess();
        return process.PeakWorkingSet64;
    }

    private async Task SampleAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            Sample();
            try
            {
                await Task.Delay(Interval, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Sample()
    {
        using var process = Process.GetCurrentProcess();
        PeakWorkingSetBytes = Math.Max(PeakWorkingSetBytes, process.WorkingSet64);
        PeakManagedBytes = Math.Max(PeakManagedBytes, GC.GetTotalMemory(forceFullCollection: false));
    }
}
