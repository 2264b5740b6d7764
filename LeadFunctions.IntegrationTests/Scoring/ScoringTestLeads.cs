namespace LeadFunctions.IntegrationTests.Scoring;

/// <summary>The fixed lead of the scoring pipeline tests, against an offer whose ideal use case is <c>B2B SaaS</c>.</summary>
public static class ScoringTestLeads
{
    /// <summary>Rule score 50 (CEO, exact ICP, complete): 100 / High by rules alone, and with any AI answer.</summary>
    public static LeadFields Ceo(string name = "Ava Patel", string bio = "Scaling revenue for SaaS teams") =>
        new(name, "CEO", "FlowMetrics", "B2B SaaS", "Mumbai", bio);
}
