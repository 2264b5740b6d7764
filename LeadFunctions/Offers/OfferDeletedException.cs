namespace LeadFunctions.Offers;

/// <summary>A lead write found its partition of the offer fenced off: the offer is being deleted, so nothing of it may be written.</summary>
public sealed class OfferDeletedException(string offerId) : Exception($"Offer {offerId} is being deleted; its leads can no longer change.")
{
    public string OfferId { get; } = offerId;
}
