namespace LeadFunctions.Model;

/// <summary>A validated offer body of POST or PUT.</summary>
public sealed record OfferInput(string Name, IReadOnlyList<string> ValueProps, IReadOnlyList<string> IdealUseCases, OfferRules? Rules)
{
    public OfferProfile ToProfile() => new(Name, ValueProps, IdealUseCases, Rules);
}
