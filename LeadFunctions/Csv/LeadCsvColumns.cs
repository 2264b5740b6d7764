using System.Text;

namespace LeadFunctions.Csv;

/// <summary>The required CSV columns and how header names are matched to them.</summary>
public static class LeadCsvColumns
{
    public const string Name = "name";
    public const string Role = "role";
    public const string Company = "company";
    public const string Industry = "industry";
    public const string Location = "location";
    public const string LinkedinBio = "linkedin_bio";

    /// <summary>The required columns in the order of <see cref="LeadFunctions.Leads.LeadFields"/>.</summary>
    public static IReadOnlyList<string> Required { get; } = [Name, Role, Company, Industry, Location, LinkedinBio];

    /// <summary>
    /// The form a header cell is compared in: trimmed (including a stray BOM), lower case, and every run of spaces,
    /// underscores or hyphens turned into one underscore, so <c>" LinkedIn Bio"</c>, <c>linkedin-bio</c> and
    /// <c>LINKEDIN_BIO</c> all read as <c>linkedin_bio</c>.
    /// </summary>
    public static string NormalizeHeaderName(string header)
    {
        var trimmed = header.AsSpan().Trim().Trim('\uFEFF').Trim();
        var builder = new StringBuilder(trimmed.Length);
        var pendingSeparator = false;
        foreach (var c in trimmed)
        {
            if (char.IsWhiteSpace(c) || c is '_' or '-')
            {
                pendingSeparator = true;
                continue;
            }

            if (pendingSeparator && builder.Length > 0)
            {
                builder.Append('_');
            }

            pendingSeparator = false;
            builder.Append(char.ToLowerInvariant(c));
        }

        return builder.ToString();
    }
}
