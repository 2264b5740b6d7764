namespace LeadFunctions.Offers;

/// <summary>Size bounds of an offer body (documented in the README and the OpenAPI document).</summary>
public static class OfferLimits
{
    public const int MaxBodyBytes = 64 * 1024;
    public const int MaxNameLength = 200;
    public const int MaxListItems = 20;
    public const int MaxValuePropLength = 500;
    public const int MaxUseCaseLength = 200;
    public const int MaxRuleItems = 100;
    public const int MaxRuleItemLength = 100;
}
