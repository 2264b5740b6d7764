namespace LeadFunctions.Offers;

/// <summary>A parsed offer body, or the errors per field.</summary>
public sealed record OfferParseResult(OfferInput? Offer, IDictionary<string, string[]> Errors)
{
    public bool IsValid => Offer is not null;

    public static OfferParseResult Valid(OfferInput offer) => new(offer, new Dictionary<string, string[]>());

    public static OfferParseResult Invalid(Dictionary<string, List<string>> errors) =>
        new(null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
}
