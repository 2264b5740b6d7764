namespace LeadFunctions.Tests.Scoring;

public class RuleScorerTests
{
    private static readonly OfferProfile Offer = new("LeadFlow", ["24/7 outbound"], ["B2B SaaS", "Marketing agencies"]);

    private static LeadFields Lead(
        string role = "CEO",
        string industry = "B2B SaaS",
        string name = "Ava Patel",
        string company = "FlowMetrics",
        string location = "Berlin",
        string bio = "Scaling a sales team.") =>
        new(name, role, company, industry, location, bio);

    [Theory]
    [InlineData("CEO", "B2B SaaS", 50, "Rule: Decision maker role (+20), Exact ICP match (+20), Complete profile (+10)")]
    [InlineData("Engineering Manager", "SaaS", 30, "Rule: Influencer role (+10), Adjacent industry (+10), Complete profile (+10)")]
    [InlineData("Intern", "Manufacturing", 10, "Rule: Complete profile (+10)")]
    [InlineData("Head of Growth", "Agencies", 40, "Rule: Decision maker role (+20), Adjacent industry (+10), Complete profile (+10)")]
    public void Points_and_reason(string role, string industry, int points, string reason)
    {
        var result = RuleScorer.Score(Lead(role, industry), Offer);

        Assert.Equal(points, result.Points);
        Assert.Equal(reason, result.Reason);
        Assert.Equal(points, result.Factors.Sum(f => f.Points));
    }

    [Fact]
    public void Factors_list_only_what_earned_points()
    {
        var result = RuleScorer.Score(Lead(role: "Intern", industry: "", bio: ""), Offer);

        Assert.Equal(0, result.Points);
        Assert.Empty(result.Factors);
        Assert.Equal("Rule: no matching factors (+0)", result.Reason);
    }

    [Fact]
    public void Factors_carry_names_and_points()
    {
        var result = RuleScorer.Score(Lead(), Offer);

        Assert.Equal(
            [
                new ScoreFactor("Decision maker role", 20),
                new ScoreFactor("Exact ICP match", 20),
                new ScoreFactor("Complete profile", 10),
            ],
            result.Factors);
    }

    [Theory]
    [InlineData("", "Acme", "Berlin", "bio")]
    [InlineData("Ava", "   ", "Berlin", "bio")]
    [InlineData("Ava", "Acme", "\t", "bio")]
    [InlineData("Ava", "Acme", "Berlin", " \r\n ")]
    public void A_blank_or_whitespace_field_makes_the_profile_incomplete(string name, string company, string location, string bio)
    {
        var result = RuleScorer.Score(Lead(name: name, company: company, location: location, bio: bio), Offer);

        Assert.False(result.CompleteProfile);
        Assert.Equal(40, result.Points);
    }

    [Fact]
    public void Blank_role_and_industry_earn_nothing_and_make_the_profile_incomplete()
    {
        var result = RuleScorer.Score(Lead(role: " ", industry: " "), Offer);

        Assert.Equal((RoleLevel.None, IndustryMatch.None, false, 0), (result.Role, result.Industry, result.CompleteProfile, result.Points));
    }

    [Fact]
    public void Offer_rules_drive_roles_and_adjacent_industries()
    {
        var offer = Offer with { Rules = new OfferRules { DecisionMakerTitles = ["Captain"], AdjacentIndustries = ["Shipping"] } };

        var captain = RuleScorer.Score(Lead(role: "Captain", industry: "shipping"), offer);
        var ceo = RuleScorer.Score(Lead(role: "CEO", industry: "B2B SaaS"), offer);

        Assert.Equal(40, captain.Points);
        Assert.Equal(30, ceo.Points);
    }
}
