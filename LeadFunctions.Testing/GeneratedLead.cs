namespace LeadFunctions.Testing;

/// <summary>
/// One lead of a generated CSV, with the score the rule layer must give it in rules-only mode against an offer whose
/// only ideal use case is <c>B2B SaaS</c>: <c>min(2 × (role + industry + completeness), 100)</c>.
/// </summary>
public sealed record GeneratedLead(LeadFields Fields, int ExpectedScore)
{
    public string Name => Fields.Name;

    /// <summary>High from 70, Medium from 40, else Low (docs/scoring.md#final-score).</summary>
    public string ExpectedIntent => ExpectedScore >= 70 ? "High" : ExpectedScore >= 40 ? "Medium" : "Low";

    /// <summary>Identifies the lead within its offer: the generator never repeats a company.</summary>
    public string Key => Fields.Company.ToUpperInvariant();
}
