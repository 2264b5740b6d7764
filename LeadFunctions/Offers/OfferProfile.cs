namespace LeadFunctions.Offers;

/// <summary>What scoring needs to know about an offer: its description and optional rule overrides.</summary>
public sealed record OfferProfile(
    string Name,
    IReadOnlyList<string> ValueProps,
    IReadOnlyList<string> IdealUseCases,
    OfferRules? Rules = null);
