using System.Runtime;
using System.Runtime.InteropServices;

namespace LeadFunctions.Benchmarks;

/// <summary>The machine a run happened on, for the report.</summary>
public sealed record MachineFacts(string Cpu, int Cores, long MemoryBytes, string Os, string Runtime, bool ServerGc)
{
    public static MachineFacts Current() => new(
        CpuModel(),
        Environment.ProcessorCount,
        GC.GetGCMemoryInfo().TotalAvailableMemoryBytes,
        RuntimeInformation.OSDescription,
        RuntimeInformation.FrameworkDescription,
        GCSettings.IsServerGC);

    /// <summary>The 1, 5 and 15 minute load averages, where the OS tells them: other work on the machine skews every figure.</summary>
    public static string? LoadAverage()
    {
        const string loadAverage = "/proc/loadavg";
        return File.Exists(loadAverage) ? string.Join(" / ", File.ReadAllText(loadAverage).Split(' ').Take(3)) : null;
    }

    private static string CpuModel()
    {
        const string cpuInfo = "/proc/cpuinfo";
        if (!File.Exists(cpuInfo))
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }

        var model = File.ReadLines(cpuInfo).FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
        return model is null ? RuntimeInformation.ProcessArchitecture.ToString() : model[(model.IndexOf(':') + 1)..].Trim();
    }
}
