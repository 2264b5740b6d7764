using System.Collections.Concurrent;
namespace LeadFunctions.Testing;

/// <summary>An <see cref="IClassificationCache"/> in a dictionary, with a switch to make it fail like an unreachable store.</summary>
internal sealed class InMemoryClassificationCache : IClassificationCache
{
    public ConcurrentDictionary<string, IntentClassification> Entries { get; } = new();

    public bool Broken { get; set; }

    public Task<IntentClassification?> GetAsync(string key, CancellationToken cancellationToken) =>
        Broken
            ? throw new InvalidOperationException("cache down")
            : Task.FromResult(Entries.TryGetValue(key, out var value) ? value : null);

    public Task SetAsync(string key, IntentClassification classification, CancellationToken cancellationToken)
    {
        if (Broken)
        {
            throw new InvalidOperationException("cache down");
        }

        Entries[key] = classification;
        return Task.CompletedTask;
    }
}
