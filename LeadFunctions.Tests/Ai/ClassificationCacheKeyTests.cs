namespace LeadFunctions.Tests.Ai;

public class ClassificationCacheKeyTests
{
    private static readonly OfferProfile Offer = new("LeadFlow", ["24/7 outbound"], ["B2B SaaS"]);
    private static readonly LeadFields Lead = new("Ava", "CEO", "Acme", "B2B SaaS", "Berlin", "bio");
    private static readonly string Key = ClassificationCacheKey.Compute(Offer, Lead, "OpenAI|http://x/v1|m");

    [Fact]
    public void Is_a_lowercase_sha256_hex_string() =>
        Assert.Matches("^[0-9a-f]{64}$", Key);

    [Fact]
    public void Is_stable_for_equal_content() =>
        Assert.Equal(Key, ClassificationCacheKey.Compute(Offer with { ValueProps = ["24/7 outbound"] }, Lead with { }, "OpenAI|http://x/v1|m"));

    [Fact]
    public void Ignores_the_rule_overrides_the_model_never_sees() =>
        Assert.Equal(Key, ClassificationCacheKey.Compute(Offer with { Rules = new OfferRules { HighThreshold = 90 } }, Lead, "OpenAI|http://x/v1|m"));

    public static TheoryData<OfferProfile, LeadFields, string> Changes() => new()
    {
        { Offer with { Name = "LeadFlow 2" }, Lead, "OpenAI|http://x/v1|m" },
        { Offer with { ValueProps = ["24/7 outbound", "more"] }, Lead, "OpenAI|http://x/v1|m" },
        { Offer with { IdealUseCases = ["B2B SaaS", "Agencies"] }, Lead, "OpenAI|http://x/v1|m" },
        { Offer with { ValueProps = [], IdealUseCases = ["24/7 outbound", "B2B SaaS"] }, Lead, "OpenAI|http://x/v1|m" },
        { Offer, Lead with { LinkedinBio = "bio." }, "OpenAI|http://x/v1|m" },
        { Offer, Lead with { Name = "Ava", Role = "CEO ", }, "OpenAI|http://x/v1|m" },
        { Offer, Lead with { Company = "", Industry = "Acme B2B SaaS" }, "OpenAI|http://x/v1|m" },
        { Offer, Lead, "OpenAI|http://x/v1|other-model" },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Changes_with_any_content_the_model_sees(OfferProfile offer, LeadFields lead, string model) =>
        Assert.NotEqual(Key, ClassificationCacheKey.Compute(offer, lead, model));
}
