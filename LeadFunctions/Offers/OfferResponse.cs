namespace LeadFunctions.Offers;

/// <summary>An offer as the API shows it (the original's field names).</summary>
public sealed record OfferResponse(
    string Id,
    string Name,
    IReadOnlyList<string> ValueProps,
    IReadOnlyList<string> IdealUseCases,
    OfferRules? Rules,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string? CallbackUrl = null);
