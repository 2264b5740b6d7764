using System.Text.Json.Nodes;
using static LeadFunctions.Docs.Schema;

namespace LeadFunctions.Docs;

/// <summary>Schemas of the offer routes, with the size bounds <see cref="OfferLimits"/> enforces.</summary>
internal static class OfferSchemas
{
    public static JsonObject Rules() => Object(new JsonObject
    {
        ["decision_maker_titles"] = RuleList("Title words or phrases worth +20; replaces the defaults (CEO, CTO, …, founder, owner, president, VP, head of, director, partner)."),
        ["influencer_titles"] = RuleList("Title words or phrases worth +10; replaces the defaults (manager, lead, team lead, architect, senior, principal, staff)."),
        ["excluded_titles"] = RuleList("Phrases that cancel a title match (defaults: product owner, lead generation, headhunter)."),
        ["adjacent_industries"] = RuleList("Industries scored as adjacent (+10) besides those sharing a word with an ideal use case."),
        ["high_threshold"] = Integer(1, 100, "Lowest final score labelled High (default 70).", nullable: true),
        ["medium_threshold"] = Integer(1, 100, "Lowest final score labelled Medium (default 40).", nullable: true),
    }).Described("Overrides of the rule layer's defaults for this offer; a field left out or null keeps the default.");

    public static JsonObject Offer() => Object(new JsonObject
        {
        ["id"] = String(),
        ["name"] = String(OfferLimits.MaxNameLength),
        ["value_props"] = ValueProps(),
        ["ideal_use_cases"] = UseCases(),
        ["rules"] = NullableRef("OfferRules"),
        ["callback_url"] = CallbackUrl(),
        ["created_at"] = String(format: "date-time"),
        ["updated_at"] = String(format: "date-time"),
    }, "id", "name", "value_props", "ideal_use_cases", "created_at", "updated_at");

    public static JsonObject Input() => Object(new JsonObject
    {
        ["name"] = NonBlank(OfferLimits.MaxNameLength, "Required, non-blank; trimmed."),
        ["value_props"] = ValueProps(),
        ["ideal_use_cases"] = UseCases(),
        ["rules"] = NullableRef("OfferRules"),
        ["callback_url"] = CallbackUrl(),
    }, "name").Described(
        $"Body of POST and PUT /api/offer, at most {OfferLimits.MaxBodyBytes} bytes. Lists hold non-blank strings. " +
        "Unknown fields are rejected; id, created_at and updated_at are accepted and ignored, so a GET result can be sent back.");

    /// <summary>What a callback URL must be (<see cref="CallbackUrlPolicy"/>), for the offer field and the upload parameter.</summary>
    public const string CallbackUrlRules =
        "An absolute https URL to a public address, without user name or password (a host name must resolve to public addresses " +
        "only when it is called); refused unless LeadScoring__WebhookSecret is set. With LeadScoring__WebhookAllowLoopback, http and " +
        "https to loopback (127.0.0.0/8, ::1, localhost) are allowed too, for local development.";

    private static JsonObject CallbackUrl() => String(CallbackUrlPolicy.MaxUrlLength, "uri",
        "Where each batch of this offer is reported when it ends (its batch JSON, signed; see BatchCallback), unless its upload names " +
        "its own; null for none. " + CallbackUrlRules, nullable: true);

    private static JsonObject ValueProps() =>
        ArrayOf(NonBlank(OfferLimits.MaxValuePropLength), OfferLimits.MaxListItems).Described("What the offer does for its buyers.");

    private static JsonObject UseCases() =>
        ArrayOf(NonBlank(OfferLimits.MaxUseCaseLength), OfferLimits.MaxListItems).Described("Ideal customer industries, matched against each lead's industry.");

    private static JsonObject RuleList(string description)
    {
        var list = ArrayOf(NonBlank(OfferLimits.MaxRuleItemLength), OfferLimits.MaxRuleItems).Described(description);
        list["nullable"] = true;
        return list;
    }
}
