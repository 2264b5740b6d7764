using System.Text;
using System.Text.Json;
namespace LeadFunctions.Tests.Offers;

public class OfferBodyParserTests
{
    public static TheoryData<string, string> Invalid => InvalidOfferBodies.Cases;

    [Theory]
    [MemberData(nameof(Invalid))]
    public void An_invalid_body_is_refused_with_an_error_on_the_field(string body, string field)
    {
        var result = OfferBodyParser.Parse(Encoding.UTF8.GetBytes(body));

        Assert.False(result.IsValid);
        Assert.Null(result.Offer);
        var messages = Assert.Contains(field, result.Errors);
        Assert.NotEmpty(messages);
        Assert.All(messages, m => Assert.False(string.IsNullOrWhiteSpace(m)));
    }

    [Fact]
    public void A_full_body_is_read_with_its_text_trimmed()
    {
        var body = """
            {
              "name": "  AI Outreach Automation ",
              "value_props": [" 24/7 outreach", "6x more meetings "],
              "ideal_use_cases": ["B2B SaaS", " Marketing agencies"],
              "rules": {
                "decision_maker_titles": ["Founder"],
                "influencer_titles": ["Specialist"],
                "excluded_titles": [],
                "adjacent_industries": ["Fintech"],
                "high_threshold": 80,
                "medium_threshold": 50
              }
            }
            """;

        var result = OfferBodyParser.Parse(Encoding.UTF8.GetBytes(body));

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Select(e => $"{e.Key}: {string.Join(", ", e.Value)}")));
        var offer = result.Offer!;
        Assert.Equal("AI Outreach Automation", offer.Name);
        Assert.Equal(["24/7 outreach", "6x more meetings"], offer.ValueProps);
        Assert.Equal(["B2B SaaS", "Marketing agencies"], offer.IdealUseCases);
        var rules = offer.Rules!;
        Assert.Equal(["Founder"], rules.DecisionMakerTitles!);
        Assert.Equal(["Specialist"], rules.InfluencerTitles!);
        Assert.Empty(rules.ExcludedTitles!);
        Assert.Equal(["Fintech"], rules.AdjacentIndustries!);
        Assert.Equal((80, 50), (rules.HighThreshold, rules.MediumThreshold));
    }

    [Fact]
    public void Only_a_name_is_required_and_absent_or_null_lists_are_empty()
    {
        var result = OfferBodyParser.Parse("""{"name":"Offer","value_props":null,"rules":null}"""u8);

        Assert.True(result.IsValid);
        Assert.Equal("Offer", result.Offer!.Name);
        Assert.Empty(result.Offer.ValueProps);
        Assert.Empty(result.Offer.IdealUseCases);
        Assert.Null(result.Offer.Rules);
    }

    [Fact]
    public void Rules_left_out_keep_the_defaults()
    {
        var result = OfferBodyParser.Parse("""{"name":"Offer","rules":{"adjacent_industries":["Fintech"]}}"""u8);

        var rules = result.Offer!.Rules!;
        Assert.Null(rules.DecisionMakerTitles);
        Assert.Null(rules.InfluencerTitles);
        Assert.Null(rules.ExcludedTitles);
        Assert.Null(rules.HighThreshold);
        Assert.Null(rules.MediumThreshold);
    }

    [Fact]
    public void Values_exactly_at_the_documented_bounds_are_accepted()
    {
        var body = JsonSerializer.Serialize(new
        {
            name = new string('n', OfferLimits.MaxNameLength),
            value_props = Enumerable.Repeat(new string('v', OfferLimits.MaxValuePropLength), OfferLimits.MaxListItems),
            ideal_use_cases = Enumerable.Repeat(new string('u', OfferLimits.MaxUseCaseLength), OfferLimits.MaxListItems),
            rules = new
            {
                adjacent_industries = Enumerable.Repeat(new string('a', OfferLimits.MaxRuleItemLength), OfferLimits.MaxRuleItems),
                high_threshold = 100,
                medium_threshold = 99,
            },
        });

        var result = OfferBodyParser.Parse(Encoding.UTF8.GetBytes(body));

        Assert.True(result.IsValid, string.Join("; ", result.Errors.Keys));
        Assert.Equal(OfferLimits.MaxListItems, result.Offer!.ValueProps.Count);
    }

    [Fact]
    public void The_fields_the_server_sets_are_accepted_and_ignored_so_a_fetched_offer_can_be_sent_back()
    {
        var result = OfferBodyParser.Parse("""
            {"id":"0123456789abcdef","name":"Offer","value_props":[],"ideal_use_cases":[],"rules":null,
             "created_at":"2024-01-01T00:00:00Z","updated_at":"2024-01-02T00:00:00Z"}
            """u8);

        Assert.True(result.IsValid);
        Assert.Equal("Offer", result.Offer!.Name);
    }

    [Fact]
    public void Every_problem_of_a_body_is_reported_at_once()
    {
        var result = OfferBodyParser.Parse("""{"name":"","value_props":[1],"extra":true,"rules":{"high_threshold":0}}"""u8);

        Assert.Equal(["extra", "name", "rules.high_threshold", "value_props[0]"], result.Errors.Keys.Order(StringComparer.Ordinal));
    }
}
