namespace LeadFunctions.Offers;

/// <summary>A validated offer body of POST or PUT; <see cref="CallbackUrl"/> is where its batches report their end (Callbacks/).</summary>
public sealed record OfferInput(string Name, IReadOnlyList<string> ValueProps, IReadOnlyList<string> IdealUseCases, OfferRules? Rules, string? CallbackUrl = null)
{
    public OfferProfile ToProfile() => new(Name, ValueProps, IdealUseCases, Rules);
}
