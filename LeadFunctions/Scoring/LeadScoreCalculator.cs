using System.Text.RegularExpressions;
namespace LeadFunctions.Scoring;

/// <summary>
/// Combines the rule layer with the AI layer (docs/scoring.md#final-score and #modes).
/// hybrid: rule + AI (High 50, Medium 30, Low 10); rules-only and rules-only (ai failed): min(2 × rule, 100).
/// The label uses the offer's thresholds (default High ≥ 70, Medium ≥ 40).
/// </summary>
public static partial class LeadScoreCalculator
{
    public const int MaxScore = 100;

    /// <summary>Longest text taken into the reasoning from the AI's answer or a failure reason; longer text is cut with "…".</summary>
    public const int MaxQuotedLength = 500;

    public static int AiPoints(LeadIntent intent) => intent switch
    {
        LeadIntent.High => 50,
        LeadIntent.Medium => 30,
        LeadIntent.Low => 10,
        _ => throw new ArgumentOutOfRangeException(nameof(intent), intent, "Unknown intent."),
    };

    /// <summary>Both layers: <c>[Rule: …] [AI: &lt;the model's reasoning&gt;]</c>.</summary>
    public static LeadScore Hybrid(RuleScoreResult rule, IntentClassification ai, OfferRules? rules = null)
    {
        var aiPoints = AiPoints(ai.Intent);
        var score = Math.Min(rule.Points + aiPoints, MaxScore);
        return new LeadScore(
            score,
            ScoreThresholds.From(rules).Label(score),
            $"[{rule.Reason}] [AI: {Quote(ai.Reasoning)}]",
            new ScoreBreakdown(rule.Points, aiPoints, ai.Intent.ToString(), ScoringMethods.Hybrid, rule.Factors));
    }

    /// <summary>No AI configured: <c>[Rule: …] [AI: not configured — scored by rules only]</c>.</summary>
    public static LeadScore RulesOnly(RuleScoreResult rule, OfferRules? rules = null) =>
        ByRulesAlone(rule, rules, ScoringMethods.RulesOnly, "[AI: not configured — scored by rules only]");

    /// <summary>
    /// The AI failed: <c>[Rule: …] [AI: failed after retries (&lt;reason&gt;) — scored by rules only]</c>, or without
    /// "after retries" when <paramref name="afterRetries"/> is false (an invalid or refused answer is not retried).
    /// </summary>
    public static LeadScore AiFailed(RuleScoreResult rule, string reason, bool afterRetries = true, OfferRules? rules = null) =>
        ByRulesAlone(
            rule,
            rules,
            ScoringMethods.RulesOnlyAiFailed,
            $"[AI: failed{(afterRetries ? " after retries" : "")} ({Quote(reason)}) — scored by rules only]");

    private static LeadScore ByRulesAlone(RuleScoreResult rule, OfferRules? rules, string method, string aiPart)
    {
        var score = Math.Min(2 * rule.Points, MaxScore);
        return new LeadScore(
            score,
            ScoreThresholds.From(rules).Label(score),
            $"[{rule.Reason}] {aiPart}",
            new ScoreBreakdown(rule.Points, AiScore: null, AiIntent: null, method, rule.Factors));
    }

    /// <summary>One line, bounded: the reasoning is a display string, so line breaks and runs of spaces become one space.</summary>
    private static string Quote(string? text)
    {
        var line = Whitespace().Replace(text ?? "", " ").Trim();
        return line.Length <= MaxQuotedLength ? line : line[..(MaxQuotedLength - 1)] + "…";
    }

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
