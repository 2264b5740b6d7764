namespace LeadFunctions.Ai;

/// <summary>A classification with the content hash it answers (<see cref="ClassificationCacheKey"/>), as a lead keeps it.</summary>
public sealed record KeyedClassification(string Key, IntentClassification Classification);
