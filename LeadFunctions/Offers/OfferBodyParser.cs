using System.Globalization;
using System.Text.Json;
namespace LeadFunctions.Offers;

/// <summary>
/// Reads an offer body field by field, so every problem is reported against the field that has it
/// (unknown fields, wrong types, blanks and sizes), rather than a generic deserialisation error.
/// </summary>
public static class OfferBodyParser
{
    private static readonly HashSet<string> KnownFields = ["id", "name", "value_props", "ideal_use_cases", "rules", "callback_url", "created_at", "updated_at"];

    private static readonly HashSet<string> RuleListFields = ["decision_maker_titles", "influencer_titles", "excluded_titles", "adjacent_industries"];

    /// <param name="callbacks">Judges <c>callback_url</c>; without it (no app settings at hand) a callback URL is refused as with no signing secret.</param>
    public static OfferParseResult Parse(ReadOnlySpan<byte> body, CallbackUrlPolicy? callbacks = null)
    {
        var errors = new Dictionary<string, List<string>>();
        if (body.IsEmpty)
        {
            return OfferParseResult.Invalid(new() { ["body"] = ["A JSON object is required."] });
        }

        var (document, error, errorField) = JsonObjectBody.Parse(body);
        if (document is null)
        {
            return OfferParseResult.Invalid(new() { [errorField] = [error!] });
        }

        using (document)
        {
            var root = document.RootElement;
            foreach (var property in root.EnumerateObject())
            {
                if (!KnownFields.Contains(property.Name))
                {
                    Add(errors, property.Name, "Unknown field.");
                }
            }

            var name = ReadName(root, errors);
            var valueProps = ReadList(root, "value_props", OfferLimits.MaxListItems, OfferLimits.MaxValuePropLength, errors);
            var useCases = ReadList(root, "ideal_use_cases", OfferLimits.MaxListItems, OfferLimits.MaxUseCaseLength, errors);
            var rules = ReadRules(root, errors);
            var callbackUrl = ReadCallbackUrl(root, callbacks ?? CallbackUrlPolicy.WithoutSecret, errors);

            if (errors.Count > 0)
            {
                return OfferParseResult.Invalid(errors);
            }

            var offer = new OfferInput(name!, valueProps, useCases, rules, callbackUrl);
            CheckStoredSize(offer, errors);
            return errors.Count > 0 ? OfferParseResult.Invalid(errors) : OfferParseResult.Valid(offer);
        }
    }

    /// <summary>
    /// Lists and rules are stored as JSON in one table property each, where every non-ASCII character becomes a
    /// six-character escape: within the item bounds, a list can still outgrow the property limit.
    /// </summary>
    private static void CheckStoredSize(OfferInput offer, Dictionary<string, List<string>> errors)
    {
        foreach (var (field, chars) in OfferEntity.StoredLengths(offer))
        {
            if (chars > TableLimits.MaxStringChars)
            {
                Add(errors, field, string.Create(CultureInfo.InvariantCulture,
                    $"Takes {chars:N0} characters once stored (as JSON, where each non-ASCII character is a 6-character escape), over the storage limit of {TableLimits.MaxStringChars:N0}; use fewer or shorter items."));
            }
        }
    }

    private static string? ReadName(JsonElement root, Dictionary<string, List<string>> errors)
    {
        if (!root.TryGetProperty("name", out var name) || name.ValueKind == JsonValueKind.Null)
        {
            Add(errors, "name", "The name is required.");
            return null;
        }

        if (name.ValueKind != JsonValueKind.String)
        {
            Add(errors, "name", "The name must be a string.");
            return null;
        }

        var value = name.GetString()!.Trim();
        if (value.Length == 0)
        {
            Add(errors, "name", "The name must not be blank.");
        }
        else if (value.Length > OfferLimits.MaxNameLength)
        {
            Add(errors, "name", $"The name must be at most {OfferLimits.MaxNameLength} characters.");
        }

        return value;
    }

    private static IReadOnlyList<string> ReadList(JsonElement parent, string field, int maxItems, int maxLength, Dictionary<string, List<string>> errors, string? errorField = null)
    {
        errorField ??= field;
        if (!parent.TryGetProperty(field, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            Add(errors, errorField, "Must be an array of strings.");
            return [];
        }

        var items = new List<string>();
        var index = 0;
        foreach (var item in list.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.String)
            {
                Add(errors, $"{errorField}[{index}]", "Must be a string.");
            }
            else if (item.GetString()!.Trim() is var text && text.Length == 0)
            {
                Add(errors, $"{errorField}[{index}]", "Must not be blank.");
            }
            else if (text.Length > maxLength)
            {
                Add(errors, $"{errorField}[{index}]", $"Must be at most {maxLength} characters.");
            }
            else
            {
                items.Add(text);
            }

            index++;
        }

        if (index > maxItems)
        {
            Add(errors, errorField, $"At most {maxItems} items are allowed.");
        }

        return items;
    }

    private static string? ReadCallbackUrl(JsonElement root, CallbackUrlPolicy callbacks, Dictionary<string, List<string>> errors)
    {
        if (!root.TryGetProperty(CallbackUrlPolicy.Field, out var url) || url.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (url.ValueKind != JsonValueKind.String)
        {
            Add(errors, CallbackUrlPolicy.Field, "Must be a string (an https URL) or null.");
            return null;
        }

        var value = url.GetString()!.Trim();
        if (callbacks.Problem(value) is { } problem)
        {
            Add(errors, CallbackUrlPolicy.Field, problem);
            return null;
        }

        return value;
    }

    private static OfferRules? ReadRules(JsonElement root, Dictionary<string, List<string>> errors)
    {
        if (!root.TryGetProperty("rules", out var rules) || rules.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (rules.ValueKind != JsonValueKind.Object)
        {
            Add(errors, "rules", "Must be an object.");
            return null;
        }

        foreach (var property in rules.EnumerateObject())
        {
            if (!RuleListFields.Contains(property.Name) && property.Name is not ("high_threshold" or "medium_threshold"))
            {
                Add(errors, $"rules.{property.Name}", "Unknown field.");
            }
        }

        IReadOnlyList<string>? List(string field) => rules.TryGetProperty(field, out var value) && value.ValueKind != JsonValueKind.Null
            ? ReadList(rules, field, OfferLimits.MaxRuleItems, OfferLimits.MaxRuleItemLength, errors, $"rules.{field}")
            : null;

        var high = ReadThreshold(rules, "high_threshold", errors);
        var medium = ReadThreshold(rules, "medium_threshold", errors);
        if ((medium ?? 40) >= (high ?? 70))
        {
            Add(errors, "rules.medium_threshold", "Must be below the high threshold.");
        }

        return new OfferRules
        {
            DecisionMakerTitles = List("decision_maker_titles"),
            InfluencerTitles = List("influencer_titles"),
            ExcludedTitles = List("excluded_titles"),
            AdjacentIndustries = List("adjacent_industries"),
            HighThreshold = high,
            MediumThreshold = medium,
        };
    }

    private static int? ReadThreshold(JsonElement rules, string field, Dictionary<string, List<string>> errors)
    {
        if (!rules.TryGetProperty(field, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number || !value.TryGetInt32(out var threshold) || threshold is < 1 or > 100)
        {
            Add(errors, $"rules.{field}", "Must be a whole number from 1 to 100.");
            return null;
        }

        return threshold;
    }

    private static void Add(Dictionary<string, List<string>> errors, string field, string message)
    {
        if (!errors.TryGetValue(field, out var messages))
        {
            errors[field] = messages = [];
        }

        messages.Add(message);
    }
}
