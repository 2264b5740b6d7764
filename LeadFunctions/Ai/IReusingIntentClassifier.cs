namespace LeadFunctions.Ai;

/// <summary>
/// A classifier that can reuse a classification a lead already keeps: when its content hash is the one the offer and
/// lead give now, that classification is the answer and the model is not called (docs/scoring.md#ai-calls).
/// </summary>
public interface IReusingIntentClassifier : IIntentClassifier
{
    /// <summary>Classifies one lead for one offer, reusing <paramref name="kept"/> when its key still matches.</summary>
    Task<KeyedClassification> ClassifyAsync(OfferProfile offer, LeadFields lead, KeyedClassification? kept, CancellationToken cancellationToken);
}
