namespace LeadFunctions.Benchmarks;

/// <summary>
/// The storage requests of one end-to-end run per lead (<see cref="StorageRequestCounter"/>: the app's clients and
/// the triggers'), without the status polls the benchmark itself made: each poll's own requests are measured once
/// after the run and taken off.
/// </summary>
public sealed record StorageRequests(double PerLead, IReadOnlyDictionary<string, double> ByKind)
{
    public static async Task<StorageRequests> MeasureAsync(
        IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after, int polls, Func<Task> poll, int leads)
    {
        var run = Diff(before, after);
        var beforePoll = StorageRequestCounter.Snapshot();
        await poll();
        var onePoll = StorageRequestCounter.Since(beforePoll);
        var byKind = run
            .Select(c => (c.Key, Count: c.Value - polls * onePoll.GetValueOrDefault(c.Key)))
            .Where(c => c.Count > 0)
            .ToDictionary(c => c.Key, c => (double)c.Count / leads, StringComparer.Ordinal);
        return new StorageRequests(byKind.Values.Sum(), byKind);
    }

    /// <summary>The total, then each kind of request, most frequent first.</summary>
    public string Describe() =>
        $"{PerLead:N2} ({string.Join(", ", ByKind.OrderByDescending(k => k.Value).Where(k => k.Value >= 0.005).Select(k => $"{k.Key} {k.Value:N2}"))})";

    private static Dictionary<string, long> Diff(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after) =>
        after.ToDictionary(c => c.Key, c => c.Value - before.GetValueOrDefault(c.Key), StringComparer.Ordinal);
}
