using System.Diagnostics;

namespace LeadFunctions.Benchmarks;

/// <summary>
/// CPU time used while something ran, by this process (the app, the WebJobs host and the fake AI) and by Azurite: on
/// two shared cores it shows which side a throughput figure is bound by.
/// </summary>
public sealed class CpuMeter
{
    private readonly AzuriteFixture _storage;
    private readonly TimeSpan _appAtStart;
    private readonly TimeSpan? _azuriteAtStart;

    private CpuMeter(AzuriteFixture storage)
    {
        _storage = storage;
        _appAtStart = AppCpuTime();
        _azuriteAtStart = storage.AzuriteCpuTime();
    }

    public static CpuMeter Start(AzuriteFixture storage) => new(storage);

    /// <summary>"app 1.2 ms, Azurite 3.4 ms CPU per lead" since the start.</summary>
    public string PerItem(long items, string item)
    {
        var app = (AppCpuTime() - _appAtStart).TotalMilliseconds / items;
        var azurite = _storage.AzuriteCpuTime() - _azuriteAtStart is { } used ? $", Azurite {used.TotalMilliseconds / items:N1} ms" : "";
        return $"app {app:N1} ms{azurite} CPU per {item}";
    }

    private static TimeSpan AppCpuTime()
    {
        using var self = Process.GetCurrentProcess();
        return self.TotalProcessorTime;
    }
}
