using System.Collections.Concurrent;

namespace LeadFunctions.Ai;

/// <summary>
/// The classifications this process obtained lately, by content hash: a duplicate delivery of a message handled here
/// reuses its answer. What outlives the process is the classification each lead keeps (<see cref="KeyedClassification"/>
/// on <c>LeadEntity</c>), which costs no storage request of its own. Bounded: when full it starts over.
/// </summary>
public sealed class MemoryClassificationCache : IClassificationCache
{
    public const int Capacity = 20_000;

    private readonly ConcurrentDictionary<string, IntentClassification> _entries = new(StringComparer.Ordinal);

    public Task<IntentClassification?> GetAsync(string key, CancellationToken cancellationToken) =>
        Task.FromResult(_entries.TryGetValue(key, out var value) ? value : null);

    public Task SetAsync(string key, IntentClassification classification, CancellationToken cancellationToken)
    {
        if (_entries.Count >= Capacity)
        {
            _entries.Clear();
        }

        _entries[key] = classification;
        return Task.CompletedTask;
    }
}
