namespace LeadFunctions.Tests.Scoring;

public class RoleClassifierTests
{
    [Theory]
    [InlineData("CEO")]
    [InlineData("ceo")]
    [InlineData("CEO & Founder")]
    [InlineData("Chief Revenue Officer")]
    [InlineData("Chief of Staff")]
    [InlineData("CTO")]
    [InlineData("CFO, Finance")]
    [InlineData("Co-Founder")]
    [InlineData("Cofounder")]
    [InlineData("Founder")]
    [InlineData("VP of Sales")]
    [InlineData("VP, Sales")]
    [InlineData("SVP Marketing")]
    [InlineData("EVP")]
    [InlineData("Vice President")]
    [InlineData("Vice-President, Operations")]
    [InlineData("President")]
    [InlineData("Head of Growth")]
    [InlineData("Head")]
    [InlineData("Department Head")]
    [InlineData("Managing Director")]
    [InlineData("Director of Partnerships")]
    [InlineData("Senior Director")]
    [InlineData("Owner")]
    [InlineData("Business Owner")]
    [InlineData("Partner")]
    [InlineData("Managing Partner")]
    [InlineData("Partner, Sales")]
    [InlineData("Founding Partner at Acme")]
    [InlineData("Product Owner & Founder")]
    [InlineData("  Head   of   Product  ")]
    public void Decision_makers(string title) =>
        Assert.Equal(RoleLevel.DecisionMaker, RoleClassifier.Classify(title));

    [Theory]
    [InlineData("Senior Software Engineer")]
    [InlineData("Sr. Software Engineer")]
    [InlineData("Snr Developer")]
    [InlineData("Engineering Manager")]
    [InlineData("Marketing Mgr")]
    [InlineData("Principal Architect")]
    [InlineData("Solutions Architect")]
    [InlineData("Team Lead")]
    [InlineData("Team Leader, Support")]
    [InlineData("Lead Engineer")]
    [InlineData("Staff Engineer")]
    [InlineData("Partner Manager")]
    [InlineData("Channel Partner Manager")]
    [InlineData("Partnerships Lead")]
    [InlineData("Senior Product Owner")]
    [InlineData("Lead Generation Manager")]
    public void Influencers(string title) =>
        Assert.Equal(RoleLevel.Influencer, RoleClassifier.Classify(title));

    [Theory]
    [InlineData("Product Owner")]
    [InlineData("Process Owner")]
    [InlineData("Headhunter")]
    [InlineData("Head Hunter")]
    [InlineData("Head Chef")]
    [InlineData("Lead Generation Specialist")]
    [InlineData("Sales Development Representative")]
    [InlineData("Intern")]
    [InlineData("Software Engineer")]
    [InlineData("Executive Assistant to the CEO")]
    [InlineData("Advisor to the Founder")]
    [InlineData("Partnership Specialist")]
    [InlineData("Leads Coordinator")]
    [InlineData("Directory Assistant")]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("--")]
    public void Neither(string title) =>
        Assert.Equal(RoleLevel.None, RoleClassifier.Classify(title));

    [Fact]
    public void Decision_maker_keywords_from_the_offer_replace_the_defaults()
    {
        var rules = new OfferRules { DecisionMakerTitles = ["Captain", "Chief Pilot"] };

        Assert.Equal(RoleLevel.DecisionMaker, RoleClassifier.Classify("Captain", rules));
        Assert.Equal(RoleLevel.DecisionMaker, RoleClassifier.Classify("chief-pilot", rules));
        Assert.Equal(RoleLevel.None, RoleClassifier.Classify("CEO", rules));
        Assert.Equal(RoleLevel.Influencer, RoleClassifier.Classify("Engineering Manager", rules));
    }

    [Fact]
    public void Influencer_keywords_from_the_offer_replace_the_defaults()
    {
        var rules = new OfferRules { InfluencerTitles = ["analyst"] };

        Assert.Equal(RoleLevel.Influencer, RoleClassifier.Classify("Data Analyst", rules));
        Assert.Equal(RoleLevel.None, RoleClassifier.Classify("Engineering Manager", rules));
        Assert.Equal(RoleLevel.DecisionMaker, RoleClassifier.Classify("CEO", rules));
    }

    [Fact]
    public void An_empty_exclusion_list_switches_exclusions_off()
    {
        var rules = new OfferRules { ExcludedTitles = [] };

        Assert.Equal(RoleLevel.DecisionMaker, RoleClassifier.Classify("Product Owner", rules));
        Assert.Equal(RoleLevel.Influencer, RoleClassifier.Classify("Lead Generation Specialist", rules));
    }

    [Fact]
    public void Excluded_titles_from_the_offer_replace_the_defaults()
    {
        var rules = new OfferRules { ExcludedTitles = ["acting director"] };

        Assert.Equal(RoleLevel.None, RoleClassifier.Classify("Acting Director", rules));
        Assert.Equal(RoleLevel.DecisionMaker, RoleClassifier.Classify("Product Owner", rules));
    }
}
