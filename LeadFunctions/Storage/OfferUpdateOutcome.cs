namespace LeadFunctions.Storage;

public enum OfferUpdateOutcome
{
    Updated,
    NotFound,
    Stale,
}
