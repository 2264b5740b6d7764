namespace LeadFunctions.Tests.Scoring;

public class LeadScoreCalculatorTests
{
    private static readonly OfferProfile Offer = new("LeadFlow", ["24/7 outbound"], ["B2B SaaS"]);

    private static RuleScoreResult Rule(string role, string industry = "B2B SaaS", string bio = "bio") =>
        RuleScorer.Score(new LeadFields("Ava", role, "Acme", industry, "Berlin", bio), Offer);

    [Theory]
    [InlineData("CEO", "B2B SaaS", LeadIntent.High, 100, LeadIntent.High)] // 50 + 50
    [InlineData("CEO", "B2B SaaS", LeadIntent.Low, 60, LeadIntent.Medium)] // 50 + 10
    [InlineData("CEO", "Mining", LeadIntent.Medium, 60, LeadIntent.Medium)] // 30 + 30
    [InlineData("Manager", "B2B SaaS", LeadIntent.Medium, 70, LeadIntent.High)] // 40 + 30, exactly the High threshold
    [InlineData("Manager", "Mining", LeadIntent.Medium, 50, LeadIntent.Medium)] // 20 + 30
    [InlineData("Intern", "SaaS", LeadIntent.Medium, 50, LeadIntent.Medium)] // 20 + 30
    [InlineData("Intern", "Mining", LeadIntent.Medium, 40, LeadIntent.Medium)] // 10 + 30, exactly the Medium threshold
    [InlineData("Intern", "Mining", LeadIntent.Low, 20, LeadIntent.Low)] // 10 + 10
    public void Hybrid_adds_the_ai_points(string role, string industry, LeadIntent ai, int score, LeadIntent intent)
    {
        var result = LeadScoreCalculator.Hybrid(Rule(role, industry), new IntentClassification(ai, "why"));

        Assert.Equal((score, intent), (result.Score, result.Intent));
        Assert.Equal(ScoringMethods.Hybrid, result.Breakdown.ScoringMethod);
        Assert.Equal(ai.ToString(), result.Breakdown.AiIntent);
        Assert.Equal(score - result.Breakdown.RuleScore, result.Breakdown.AiScore);
    }

    [Fact]
    public void Hybrid_reasoning_reads_like_the_original()
    {
        var result = LeadScoreCalculator.Hybrid(Rule("CEO"), new IntentClassification(LeadIntent.High, "Decision maker at a SaaS company.\nStrong fit."));

        Assert.Equal(
            "[Rule: Decision maker role (+20), Exact ICP match (+20), Complete profile (+10)] [AI: Decision maker at a SaaS company. Strong fit.]",
            result.Reasoning);
    }

    [Theory]
    [InlineData("CEO", "B2B SaaS", 100, LeadIntent.High)] // 2 × 50, capped at 100
    [InlineData("Manager", "B2B SaaS", 80, LeadIntent.High)] // 2 × 40
    [InlineData("Manager", "SaaS", 60, LeadIntent.Medium)] // 2 × 30
    [InlineData("Intern", "SaaS", 40, LeadIntent.Medium)] // 2 × 20
    [InlineData("Intern", "Mining", 20, LeadIntent.Low)] // 2 × 10
    public void Rules_only_doubles_the_rule_score(string role, string industry, int score, LeadIntent intent)
    {
        var result = LeadScoreCalculator.RulesOnly(Rule(role, industry));

        Assert.Equal((score, intent), (result.Score, result.Intent));
        Assert.Equal(new ScoreBreakdown(result.Breakdown.RuleScore, null, null, "rules-only", result.Breakdown.Factors), result.Breakdown);
        Assert.EndsWith("] [AI: not configured — scored by rules only]", result.Reasoning);
    }

    [Fact]
    public void Rules_only_caps_at_100()
    {
        var rule = new RuleScoreResult(60, [], RoleLevel.None, IndustryMatch.None, false);

        Assert.Equal(100, LeadScoreCalculator.RulesOnly(rule).Score);
    }

    [Fact]
    public void Ai_failure_scores_by_rules_and_records_the_reason()
    {
        var result = LeadScoreCalculator.AiFailed(Rule("CEO"), "HTTP 429 from the AI service (4 attempts)");

        Assert.Equal((100, LeadIntent.High, "rules-only (ai failed)"), (result.Score, result.Intent, result.Breakdown.ScoringMethod));
        Assert.Null(result.Breakdown.AiScore);
        Assert.Equal(
            "[Rule: Decision maker role (+20), Exact ICP match (+20), Complete profile (+10)] [AI: failed after retries (HTTP 429 from the AI service (4 attempts)) — scored by rules only]",
            result.Reasoning);
    }

    [Fact]
    public void An_ai_failure_that_was_not_retried_does_not_claim_retries()
    {
        var result = LeadScoreCalculator.AiFailed(Rule("Intern"), "the model's answer is not valid JSON", afterRetries: false);

        Assert.EndsWith("[AI: failed (the model's answer is not valid JSON) — scored by rules only]", result.Reasoning);
    }

    [Fact]
    public void Long_ai_text_is_cut_in_the_reasoning()
    {
        var result = LeadScoreCalculator.Hybrid(Rule("CEO"), new IntentClassification(LeadIntent.High, new string('x', 900)));

        Assert.Contains(new string('x', LeadScoreCalculator.MaxQuotedLength - 1) + "…]", result.Reasoning);
        Assert.DoesNotContain(new string('x', LeadScoreCalculator.MaxQuotedLength), result.Reasoning);
    }

    [Fact]
    public void Offer_thresholds_change_the_label()
    {
        var rules = new OfferRules { HighThreshold = 90, MediumThreshold = 60 };

        Assert.Equal(LeadIntent.Medium, LeadScoreCalculator.Hybrid(Rule("CEO", "Mining"), new IntentClassification(LeadIntent.High, "r"), rules).Intent); // 80
        Assert.Equal(LeadIntent.Low, LeadScoreCalculator.RulesOnly(Rule("Intern", "SaaS"), rules).Intent); // 40
        Assert.Equal(LeadIntent.High, LeadScoreCalculator.RulesOnly(Rule("CEO"), rules).Intent); // 100
    }

    [Theory]
    [InlineData(40, 70)]
    [InlineData(101, 40)]
    [InlineData(70, -1)]
    public void Invalid_thresholds_are_a_clear_error(int high, int medium) =>
        Assert.Throws<ArgumentException>(() => ScoreThresholds.From(new OfferRules { HighThreshold = high, MediumThreshold = medium }));

    [Fact]
    public void Ai_points_follow_the_spec()
    {
        Assert.Equal(50, LeadScoreCalculator.AiPoints(LeadIntent.High));
        Assert.Equal(30, LeadScoreCalculator.AiPoints(LeadIntent.Medium));
        Assert.Equal(10, LeadScoreCalculator.AiPoints(LeadIntent.Low));
    }
}
