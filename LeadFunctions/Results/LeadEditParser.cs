using System.Text.Json;
namespace LeadFunctions.Results;

/// <summary>
/// Reads a lead edit (PUT): any of the six fields, each a string within the CSV field limit. Name and company are the
/// lead's identity within its offer, so an edit may change their case or spacing but not what they normalise to.
/// </summary>
public static class LeadEditParser
{
    private static readonly string[] Fields = ["name", "role", "company", "industry", "location", "linkedin_bio"];

    public static (LeadFields? Fields, Dictionary<string, string[]> Errors) Parse(ReadOnlySpan<byte> body, LeadEntity current, Func<string, string, string> identityOf)
    {
        var errors = new Dictionary<string, string[]>();
        var (document, error, errorField) = JsonObjectBody.Parse(body);
        if (document is null)
        {
            errors[errorField] = [error!];
            return (null, errors);
        }

        using (document)
        {
            var values = new Dictionary<string, string>
            {
                ["name"] = current.Name, ["role"] = current.Role, ["company"] = current.Company,
                ["industry"] = current.Industry, ["location"] = current.Location, ["linkedin_bio"] = current.LinkedinBio,
            };
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (ReadOnlyIdOf(current, property.Name) is { } id)
                {
                    // Echoing the lead's own ids back is harmless; another value asks for a move this API doesn't make.
                    if (property.Value.ValueKind != JsonValueKind.String || property.Value.GetString() != id)
                    {
                        errors[property.Name] = ["Read-only: a lead cannot be moved to another id, offer or batch."];
                    }

                    continue;
                }

                if (!Fields.Contains(property.Name))
                {
                    errors[property.Name] = ["Unknown or read-only field: only name, role, company, industry, location and linkedin_bio can be edited."];
                    continue;
                }

                if (property.Value.ValueKind == JsonValueKind.Null)
                {
                    values[property.Name] = "";
                }
                else if (property.Value.ValueKind != JsonValueKind.String)
                {
                    errors[property.Name] = ["Must be a string."];
                }
                else if (property.Value.GetString()!.Trim() is var text && text.Length > LeadCsvLimits.MaxFieldChars)
                {
                    errors[property.Name] = [$"Must be at most {LeadCsvLimits.MaxFieldChars} characters."];
                }
                else
                {
                    values[property.Name] = text;
                }
            }

            if (errors.Count == 0)
            {
                if (LeadCsvLimits.StoreProblem([.. Fields.Select(f => values[f])]) is { } tooBig)
                {
                    errors[tooBig.FieldIndex >= 0 ? Fields[tooBig.FieldIndex] : "body"] = [tooBig.Reason];
                }
                else if (values["name"].Length == 0 && values["company"].Length == 0)
                {
                    errors["name"] = ["A lead needs a name or a company."];
                }
                else if (identityOf(values["name"], values["company"]) != identityOf(current.Name, current.Company))
                {
                    const string message = "Name and company identify a lead within its offer; to change them, delete the lead and upload it again.";
                    errors["name"] = [message];
                    errors["company"] = [message];
                }
            }

            return errors.Count > 0
                ? (null, errors)
                : (new LeadFields(values["name"], values["role"], values["company"], values["industry"], values["location"], values["linkedin_bio"]), errors);
        }
    }

    private static string? ReadOnlyIdOf(LeadEntity lead, string field) => field switch
    {
        "id" => lead.Id,
        "offer_id" => lead.OfferId,
        "batch_id" => lead.BatchId,
        _ => null,
    };
}
