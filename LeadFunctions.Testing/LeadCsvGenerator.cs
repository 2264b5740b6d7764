using System.Text;
namespace LeadFunctions.Testing;

/// <summary>
/// Deterministic lead files whose rules-only scores spread over 0, 20, 40, 60, 80 and 100: roles worth 20 / 10 / 0,
/// industries that match <c>B2B SaaS</c> exactly, are adjacent, unrelated or blank, and some incomplete profiles.
/// Names repeat in mixed case (so ordering ties fall to the case-insensitive name, then the id); companies never do.
/// </summary>
public static class LeadCsvGenerator
{
    public const string IdealUseCase = "B2B SaaS";

    private static readonly (string Role, int Points)[] Roles =
    [
        ("CEO", 20), ("Founder", 20), ("VP of Sales", 20), ("Director", 20),
        ("Marketing Manager", 10), ("Engineering Manager", 10),
        ("Software Engineer", 0), ("Accountant", 0),
    ];

    private static readonly (string Industry, int Points)[] Industries =
    [
        ("B2B SaaS", 20), ("b2b-saas", 20),
        ("SaaS", 10), ("Enterprise SaaS", 10),
        ("Manufacturing", 0), ("Retail", 0),
        ("", 0),
    ];

    private static readonly string[] FirstNames = ["ava", "Ben", "CHLOE", "dev", "Eli", "fatima", "Gus", "hana", "Ivan", "jo", "Kai", "lena"];

    private static readonly string[] LastNames = ["Patel", "smith", "NG", "Okafor", "de Vries", "Zhou", "kim", "Adams"];

    /// <summary>
    /// <paramref name="count"/> leads; <paramref name="companyPrefix"/> keeps companies (and so identities) unique across
    /// files; <paramref name="seed"/> picks the mix.
    /// </summary>
    public static IReadOnlyList<GeneratedLead> Generate(int count, string companyPrefix, int seed)
    {
        var random = new Random(seed);
        var leads = new List<GeneratedLead>(count);
        for (var i = 0; i < count; i++)
        {
            var (role, rolePoints) = Roles[random.Next(Roles.Length)];
            var (industry, industryPoints) = Industries[random.Next(Industries.Length)];
            var location = random.Next(6) == 0 ? "" : "Pune";
            var name = $"{CaseVariant(FirstNames[random.Next(FirstNames.Length)], random)} {LastNames[random.Next(LastNames.Length)]}";
            var complete = industry.Length > 0 && location.Length > 0;
            var rule = rolePoints + industryPoints + (complete ? 10 : 0);
            var fields = new LeadFields(name, role, $"{companyPrefix} Co {i:D5}", industry, location, $"Bio of lead {i}");
            leads.Add(new GeneratedLead(fields, Math.Min(2 * rule, 100)));
        }

        return leads;
    }

    /// <summary>The leads as an upload file: the six required columns (docs/api.md#csv-input), every field quoted.</summary>
    public static string ToCsv(IEnumerable<GeneratedLead> leads) => ToCsv(leads.Select(l => l.Fields));

    public static string ToCsv(IEnumerable<LeadFields> leads)
    {
        var csv = new StringBuilder("name,role,company,industry,location,linkedin_bio\r\n");
        foreach (var lead in leads)
        {
            csv.AppendJoin(',', new[] { lead.Name, lead.Role, lead.Company, lead.Industry, lead.Location, lead.LinkedinBio }.Select(Quote)).Append("\r\n");
        }

        return csv.ToString();
    }

    public static string Quote(string value) => "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string CaseVariant(string name, Random random) => random.Next(3) switch
    {
        0 => name.ToLowerInvariant(),
        1 => name.ToUpperInvariant(),
        _ => char.ToUpperInvariant(name[0]) + name[1..].ToLowerInvariant(),
    };
}
