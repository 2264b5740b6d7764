namespace LeadFunctions.IntegrationTests.Scoring;

/// <summary>Leads for the scoring pipeline tests, against an offer whose ideal use case is <c>B2B SaaS</c>.</summary>
public static class ScoringTestLeads
{
    /// <summary>Rule score 50 (CEO, exact ICP, complete): 100 / High by rules alone, and with any AI answer.</summary>
    public static LeadFields Ceo(string name = "Ava Patel", string bio = "Scaling revenue for SaaS teams") =>
        new(name, "CEO", "FlowMetrics", "B2B SaaS", "Mumbai", bio);

    /// <summary>
    /// <paramref name="count"/> distinct leads with a spread of roles and industries (<see cref="LeadCsvGenerator"/>);
    /// <paramref name="tag"/> keeps their identities apart from other batches'.
    /// </summary>
    public static IReadOnlyList<LeadFields> Many(int count, string tag) =>
        LeadCsvGenerator.Generate(count, tag, seed: count).Select(l => l.Fields).ToList();
}
