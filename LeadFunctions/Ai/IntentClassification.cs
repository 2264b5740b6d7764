namespace LeadFunctions.Ai;

/// <summary>The AI layer's answer for one lead: its intent and the model's short reasoning.</summary>
public sealed record IntentClassification(LeadIntent Intent, string Reasoning);
