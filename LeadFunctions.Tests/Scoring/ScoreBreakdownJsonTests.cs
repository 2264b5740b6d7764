using System.Text.Json;
namespace LeadFunctions.Tests.Scoring;

public class ScoreBreakdownJsonTests
{
    [Fact]
    public void Serialises_with_the_spec_names()
    {
        var breakdown = new ScoreBreakdown(40, 30, "Medium", ScoringMethods.Hybrid, [new ScoreFactor("Decision maker role", 20)]);

        var json = JsonSerializer.Serialize(breakdown, JsonDefaults.Options);

        Assert.Equal(
            """{"rule_score":40,"ai_score":30,"ai_intent":"Medium","scoring_method":"hybrid","factors":[{"factor":"Decision maker role","points":20}]}""",
            json);
        Assert.Equal(breakdown.Factors, JsonSerializer.Deserialize<ScoreBreakdown>(json, JsonDefaults.Options)!.Factors);
    }

    [Fact]
    public void Rules_only_has_null_ai_fields()
    {
        var json = JsonSerializer.Serialize(new ScoreBreakdown(10, null, null, ScoringMethods.RulesOnly, []), JsonDefaults.Options);

        Assert.Equal("""{"rule_score":10,"ai_score":null,"ai_intent":null,"scoring_method":"rules-only","factors":[]}""", json);
    }
}
