namespace LeadFunctions.Offers;

public enum OfferUpdateOutcome
{
    Updated,
    NotFound,
    Stale,
}
