namespace LeadFunctions.Testing;

/// <summary>
/// One lead of <see cref="LeadGenerator"/>, with the score the rule layer must give it in rules-only mode against an
/// offer whose only ideal use case is <see cref="LeadGenerator.IdealUseCase"/>: <c>min(2 × (role + industry + completeness), 100)</c>,
/// and the intent <see cref="FakeOpenAiServer.DecideFromLeadText"/> answers for it.
/// </summary>
public sealed record GeneratedLead(LeadFields Fields, int ExpectedScore, string AiIntent)
{
    public string Name => Fields.Name;

    /// <summary>High from 70, Medium from 40, else Low (docs/scoring.md#final-score).</summary>
    public string ExpectedIntent => ExpectedScore >= 70 ? "High" : ExpectedScore >= 40 ? "Medium" : "Low";

    /// <summary>Identifies the lead within its offer: the generator never repeats a company.</summary>
    public string Key => Fields.Company.ToUpperInvariant();
}
