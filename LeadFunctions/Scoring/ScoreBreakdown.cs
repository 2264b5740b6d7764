namespace LeadFunctions.Scoring;

/// <summary>
/// How a score was made; JSON (snake_case) <c>{rule_score, ai_score, ai_intent, scoring_method, factors: [{factor, points}]}</c>.
/// <see cref="AiScore"/> and <see cref="AiIntent"/> are null unless the AI layer answered.
/// </summary>
public sealed record ScoreBreakdown(
    int RuleScore,
    int? AiScore,
    string? AiIntent,
    string ScoringMethod,
    IReadOnlyList<ScoreFactor> Factors);
