namespace LeadFunctions.Leads;

/// <summary>Counter changes gathered while planning one transaction, grouped by the counter entity they land in.</summary>
internal sealed class CounterDeltas
{
    private readonly Dictionary<string, Dictionary<string, long>> _offerTally = [];
    private readonly Dictionary<string, Dictionary<string, long>> _batchTallies = [];
    private readonly Dictionary<string, Dictionary<string, long>> _progress = [];

    public bool IsEmpty => _offerTally.Count == 0 && _batchTallies.Count == 0 && _progress.Count == 0;

    /// <summary>A lead entering (+1) or leaving (-1) a tally bucket of its offer and of its current batch.</summary>
    public void Tally(LeadEntity lead, int delta)
    {
        var bucket = LeadKeys.TallyBucket(lead);
        Add(_offerTally, "", bucket, delta);
        Add(_batchTallies, lead.BatchId, bucket, delta);
    }

    public void Progress(string batchId, string counter, int delta) => Add(_progress, batchId, counter, delta);

    /// <summary>The counter entities to change, on one shard, with their non-zero deltas.</summary>
    public IEnumerable<(string RowKey, IReadOnlyDictionary<string, long> Changes)> Entities(int shard)
    {
        foreach (var (_, changes) in _offerTally)
        {
            if (NonZero(changes) is { } c)
            {
                yield return (LeadKeys.OfferTally(shard), c);
            }
        }

        foreach (var (batchId, changes) in _batchTallies)
        {
            if (NonZero(changes) is { } c)
            {
                yield return (LeadKeys.BatchTally(batchId, shard), c);
            }
        }

        foreach (var (batchId, changes) in _progress)
        {
            if (NonZero(changes) is { } c)
            {
                yield return (LeadKeys.Progress(batchId, shard), c);
            }
        }
    }

    private static IReadOnlyDictionary<string, long>? NonZero(Dictionary<string, long> changes)
    {
        var nonZero = changes.Where(kv => kv.Value != 0).ToDictionary();
        return nonZero.Count == 0 ? null : nonZero;
    }

    private static void Add(Dictionary<string, Dictionary<string, long>> target, string scope, string counter, long delta)
    {
        if (!target.TryGetValue(scope, out var counters))
        {
            target[scope] = counters = [];
        }

        counters[counter] = counters.GetValueOrDefault(counter) + delta;
    }
}
