namespace LeadFunctions.Scoring;

/// <summary>The rule layer's verdict on one lead: 0–50 points and the factors that earned them.</summary>
public sealed record RuleScoreResult(
    int Points,
    IReadOnlyList<ScoreFactor> Factors,
    RoleLevel Role,
    IndustryMatch Industry,
    bool CompleteProfile)
{
    /// <summary>
    /// The rule part of the reasoning, e.g. <c>Rule: Decision maker role (+20), Exact ICP match (+20), Complete profile (+10)</c>.
    /// Only factors that earned points are listed (as in <see cref="Factors"/>); none gives <c>Rule: no matching factors (+0)</c>.
    /// </summary>
    public string Reason => Factors.Count == 0
        ? "Rule: no matching factors (+0)"
        : "Rule: " + string.Join(", ", Factors);
}
