namespace LeadFunctions.Scoring;

/// <summary>Buying intent: the AI layer's classification and the final label of a scored lead.</summary>
public enum LeadIntent
{
    Low,
    Medium,
    High,
}
