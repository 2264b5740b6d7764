namespace LeadFunctions.Tests.Scoring;

public class IndustryMatcherTests
{
    private static readonly string[] UseCases = ["B2B SaaS", "Marketing agencies", "E-commerce"];

    [Theory]
    [InlineData("B2B SaaS")]
    [InlineData("b2b saas")]
    [InlineData("B2B-SaaS")]
    [InlineData("  B2B   SaaS ")]
    [InlineData("b2b_saas")]
    [InlineData("B2BSaaS")]
    [InlineData("marketing agencies")]
    [InlineData("Ecommerce")]
    [InlineData("E-Commerce")]
    public void Exact(string industry) =>
        Assert.Equal(IndustryMatch.Exact, IndustryMatcher.Match(industry, UseCases));

    [Theory]
    [InlineData("SaaS")]
    [InlineData("Enterprise SaaS")]
    [InlineData("Agencies")]
    [InlineData("Marketing Agency")]
    [InlineData("Digital Marketing")]
    [InlineData("Commerce")]
    public void Adjacent_by_a_shared_significant_word(string industry) =>
        Assert.Equal(IndustryMatch.Adjacent, IndustryMatcher.Match(industry, UseCases));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(null)]
    [InlineData("Manufacturing")]
    [InlineData("Healthcare")]
    [InlineData("B2B")]
    [InlineData("Enterprise")]
    [InlineData("The Services Industry")]
    public void No_match(string? industry) =>
        Assert.Equal(IndustryMatch.None, IndustryMatcher.Match(industry, UseCases));

    [Fact]
    public void Generic_words_do_not_make_industries_adjacent() =>
        Assert.Equal(IndustryMatch.None, IndustryMatcher.Match("IT Services", ["Financial services"]));

    [Fact]
    public void Stop_words_do_not_make_industries_adjacent() =>
        Assert.Equal(IndustryMatch.None, IndustryMatcher.Match("Department of Defense", ["Internet of Things"]));

    [Fact]
    public void Adjacent_industries_from_the_offer_count_ignoring_case_and_punctuation() =>
        Assert.Equal(IndustryMatch.Adjacent, IndustryMatcher.Match("Fin-Tech", UseCases, ["FinTech", "Insurance"]));

    [Fact]
    public void Exact_wins_over_an_adjacent_listing() =>
        Assert.Equal(IndustryMatch.Exact, IndustryMatcher.Match("B2B SaaS", UseCases, ["B2B SaaS"]));

    [Fact]
    public void An_offer_without_use_cases_matches_nothing() =>
        Assert.Equal(IndustryMatch.None, IndustryMatcher.Match("B2B SaaS", []));
}
