using System.Text.Json;
namespace LeadFunctions.Scoring;

/// <summary>The body of <c>POST /api/leads/score</c>: <c>{offer_id?, batch_id?, rescore?}</c>; an empty body means every offer.</summary>
public static class ScoreRequestParser
{
    public static (ScoreRequest? Request, Dictionary<string, string[]> Errors) Parse(ReadOnlySpan<byte> body)
    {
        var errors = new Dictionary<string, string[]>();
        if (body.IsEmpty || body.Trim(" \t\r\n"u8).IsEmpty)
        {
            return (new ScoreRequest(null, null, false), errors);
        }

        var (document, error, errorField) = JsonObjectBody.Parse(body);
        if (document is null)
        {
            errors[errorField] = [error!];
            return (null, errors);
        }

        using (document)
        {
            var root = document.RootElement;
            string? offerId = null, batchId = null;
            var rescore = false;
            foreach (var property in root.EnumerateObject())
            {
                switch (property.Name)
                {
                    case "offer_id":
                        offerId = Id(property.Value, "offer_id", errors);
                        break;
                    case "batch_id":
                        batchId = Id(property.Value, "batch_id", errors);
                        break;
                    case "rescore" when property.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                        rescore = property.Value.GetBoolean();
                        break;
                    case "rescore" when property.Value.ValueKind is JsonValueKind.Null:
                        break;
                    case "rescore":
                        errors["rescore"] = ["Must be true or false."];
                        break;
                    default:
                        errors[property.Name] = ["Unknown field."];
                        break;
                }
            }

            return errors.Count == 0 ? (new ScoreRequest(offerId, batchId, rescore), errors) : (null, errors);
        }
    }

    private static string? Id(JsonElement value, string field, Dictionary<string, string[]> errors)
    {
        if (value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.String || !TableKeys.IsValid(value.GetString()))
        {
            errors[field] = ["Not a valid id: ids are lowercase letters, digits and dashes."];
            return null;
        }

        return value.GetString();
    }
}

/// <summary>The scope of <c>POST /api/leads/score</c>: an offer, a batch, or (both null) every offer.</summary>
public sealed record ScoreRequest(string? OfferId, string? BatchId, bool Rescore);
