using System.Globalization;
using Microsoft.AspNetCore.Http;

namespace LeadFunctions.Results;

/// <summary>Turns the query string of the lead listing routes into a validated request, or errors per parameter.</summary>
public static class LeadQueryParser
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 1000;

    private static readonly string[] Intents = ["High", "Medium", "Low"];

    public static (LeadFilter? Filter, Dictionary<string, string[]> Errors) ParseFilter(IQueryCollection query)
    {
        var errors = new Dictionary<string, string[]>();
        var offerId = Id(query, "offer_id", errors);
        var batchId = Id(query, "batch_id", errors);

        string? intent = null;
        if (query.TryGetValue("intent", out var intentValue) && !string.IsNullOrEmpty(intentValue))
        {
            intent = Intents.FirstOrDefault(i => string.Equals(i, intentValue.ToString(), StringComparison.OrdinalIgnoreCase));
            if (intent is null)
            {
                errors["intent"] = ["Must be High, Medium or Low."];
            }
        }

        int? minScore = null;
        if (query.TryGetValue("min_score", out var minValue) && !string.IsNullOrEmpty(minValue))
        {
            if (int.TryParse(minValue, NumberStyles.None, CultureInfo.InvariantCulture, out var min) && min <= 100)
            {
                minScore = min;
            }
            else
            {
                errors["min_score"] = ["Must be a whole number from 0 to 100."];
            }
        }

        return (errors.Count == 0 ? new LeadFilter(offerId, batchId, intent, minScore) : null, errors);
    }

    public static (LeadPageRequest? Request, Dictionary<string, string[]> Errors) ParsePage(IQueryCollection query)
    {
        var (filter, errors) = ParseFilter(query);
        var pageSize = DefaultPageSize;
        if (query.TryGetValue("page_size", out var sizeValue) && !string.IsNullOrEmpty(sizeValue))
        {
            if (!int.TryParse(sizeValue, NumberStyles.None, CultureInfo.InvariantCulture, out pageSize) || pageSize is < 1 or > MaxPageSize)
            {
                errors["page_size"] = [$"Must be a whole number from 1 to {MaxPageSize}."];
            }
        }

        string? after = null;
        if (query.TryGetValue("cursor", out var cursor) && !string.IsNullOrEmpty(cursor) && filter is not null)
        {
            after = LeadCursor.Decode(cursor.ToString(), filter);
            if (after is null)
            {
                errors["cursor"] = ["The cursor is not one this API gave out for these filters. Start again without it."];
            }
        }

        return (errors.Count == 0 ? new LeadPageRequest(filter!, pageSize, after) : null, errors);
    }

    /// <summary>A <c>true</c>/<c>false</c> parameter (absent or empty: false); anything else is an error under its name.</summary>
    public static bool Flag(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        if (!query.TryGetValue(name, out var value) || string.IsNullOrEmpty(value))
        {
            return false;
        }

        if (bool.TryParse(value.ToString(), out var flag))
        {
            return flag;
        }

        errors[name] = ["Must be true or false."];
        return false;
    }

    private static string? Id(IQueryCollection query, string name, Dictionary<string, string[]> errors)
    {
        if (!query.TryGetValue(name, out var value) || string.IsNullOrEmpty(value))
        {
            return null;
        }

        var id = value.ToString();
        if (!TableKeys.IsValid(id))
        {
            errors[name] = ["Not a valid id: ids are lowercase letters, digits and dashes."];
        }

        return id;
    }
}
