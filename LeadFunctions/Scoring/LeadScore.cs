using LeadFunctions.Model;

namespace LeadFunctions.Scoring;

/// <summary>The final score of one lead: 0–100, its label, the human-readable reasoning and the breakdown.</summary>
public sealed record LeadScore(int Score, LeadIntent Intent, string Reasoning, ScoreBreakdown Breakdown);
