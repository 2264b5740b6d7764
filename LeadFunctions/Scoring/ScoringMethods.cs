namespace LeadFunctions.Scoring;

/// <summary>The values of <c>score_breakdown.scoring_method</c> (docs/scoring.md#modes).</summary>
public static class ScoringMethods
{
    public const string Hybrid = "hybrid";
    public const string RulesOnly = "rules-only";
    public const string RulesOnlyAiFailed = "rules-only (ai failed)";
}
