namespace LeadFunctions.Ai;

/// <summary>Stored AI classifications by content hash (<see cref="ClassificationCacheKey"/>).</summary>
public interface IClassificationCache
{
    /// <summary>The classification stored under <paramref name="key"/>, or null.</summary>
    Task<IntentClassification?> GetAsync(string key, CancellationToken cancellationToken);

    /// <summary>Stores (or replaces) the classification under <paramref name="key"/>.</summary>
    Task SetAsync(string key, IntentClassification classification, CancellationToken cancellationToken);
}
