namespace LeadFunctions.Tests.Ai;

/// <summary>An <see cref="IAiBudgetStore"/> in memory shared by several gates, with a switch to make it fail like unreachable storage.</summary>
internal sealed class InMemoryAiBudgetStore : IAiBudgetStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<long, int> _taken = new();
    private readonly Dictionary<string, InstanceBeat> _beats = new();
    private long _requests;

    public bool Broken { get; set; }

    public long StorageRequests => Interlocked.Read(ref _requests);

    /// <summary>Calls granted per window so far.</summary>
    public IReadOnlyDictionary<long, int> Taken
    {
        get
        {
            lock (_gate)
            {
                return new Dictionary<long, int>(_taken);
            }
        }
    }

    public Task<BudgetGrant> TakeAsync(long window, int budget, int want, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _requests, 2);
        ThrowIfBroken();
        lock (_gate)
        {
            var first = _taken.GetValueOrDefault(window);
            var count = Math.Clamp(budget - first, 0, want);
            _taken[window] = first + count;
            return Task.FromResult(new BudgetGrant(first, count));
        }
    }

    public Task<IReadOnlyList<InstanceBeat>> BeatAsync(InstanceBeat beat, DateTimeOffset since, CancellationToken cancellationToken)
    {
        Interlocked.Add(ref _requests, 2);
        ThrowIfBroken();
        lock (_gate)
        {
            _beats[beat.InstanceId] = beat;
            return Task.FromResult<IReadOnlyList<InstanceBeat>>(_beats.Values.Where(b => !b.Left && b.LastSeen >= since).ToList());
        }
    }

    public Task<IReadOnlyList<InstanceBeat>> ReadBeatsAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<InstanceBeat>>(_beats.Values.ToList());
        }
    }

    private void ThrowIfBroken()
    {
        if (Broken)
        {
            throw new InvalidOperationException("budget storage down");
        }
    }
}
