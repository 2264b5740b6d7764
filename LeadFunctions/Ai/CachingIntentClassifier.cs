using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Ai;

/// <summary>
/// Makes sure the same lead content with the same offer content is never sent to the model twice: a lead keeps its
/// classification with its content hash (reused when the hash still matches), answers are cached in the process by
/// content hash, and identical requests in flight at the same time in this instance share one call.
/// Only valid classifications are cached; failures are not.
/// </summary>
/// <remarks>
/// The shared call runs to its own bounded end (per-call timeout × attempts) whatever happens to the callers' tokens: one
/// caller's cancellation must not fail the others, and an answer that arrives after every caller left still fills the
/// cache. A cache that cannot be read or written is logged and bypassed, never a reason to fail the classification.
/// </remarks>
public sealed class CachingIntentClassifier(
    IIntentClassifier inner,
    IClassificationCache cache,
    string modelIdentity,
    ILogger<CachingIntentClassifier> logger) : IReusingIntentClassifier
{
    private readonly ConcurrentDictionary<string, Lazy<Task<IntentClassification>>> _inFlight = new();

    public async Task<IntentClassification> ClassifyAsync(OfferProfile offer, LeadFields lead, CancellationToken cancellationToken) =>
        (await ClassifyAsync(offer, lead, kept: null, cancellationToken).ConfigureAwait(false)).Classification;

    public async Task<KeyedClassification> ClassifyAsync(OfferProfile offer, LeadFields lead, KeyedClassification? kept, CancellationToken cancellationToken)
    {
        var key = ClassificationCacheKey.Compute(offer, lead, modelIdentity);
        if (kept is not null && kept.Key == key)
        {
            return kept;
        }

        var call = _inFlight.GetOrAdd(key, k => new Lazy<Task<IntentClassification>>(() => LookUpOrClassifyAsync(k, offer, lead)));
        return new KeyedClassification(key, await call.Value.WaitAsync(cancellationToken).ConfigureAwait(false));
    }

    private async Task<IntentClassification> LookUpOrClassifyAsync(string key, OfferProfile offer, LeadFields lead)
    {
        try
        {
            var cached = await GetCachedAsync(key).ConfigureAwait(false);
            if (cached is not null)
            {
                return cached;
            }

            var classification = await inner.ClassifyAsync(offer, lead, CancellationToken.None).ConfigureAwait(false);
            await StoreAsync(key, classification).ConfigureAwait(false);
            return classification;
        }
        finally
        {
            _inFlight.TryRemove(key, out _);
        }
    }

    private async Task<IntentClassification?> GetCachedAsync(string key)
    {
        try
        {
            return await cache.GetAsync(key, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "AI cache read failed for {Key}; calling the model", key);
            return null;
        }
    }

    private async Task StoreAsync(string key, IntentClassification classification)
    {
        try
        {
            await cache.SetAsync(key, classification, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            logger.LogWarning(e, "AI cache write failed for {Key}; the answer is used but not cached", key);
        }
    }
}
