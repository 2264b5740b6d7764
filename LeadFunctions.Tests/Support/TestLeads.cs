using System.Text;
using LeadFunctions.Model;

namespace LeadFunctions.Tests.Support;

/// <summary>Leads for pipeline tests, and the CSV files that carry them.</summary>
public static class TestLeads
{
    /// <summary>Rule score 50 (CEO, exact ICP for an offer of <c>B2B SaaS</c>, complete): rules-only 100 / High.</summary>
    public static LeadFields Ceo(string name = "Ava Patel", string bio = "Scaling revenue for SaaS teams") =>
        new(name, "CEO", "FlowMetrics", "B2B SaaS", "Mumbai", bio);

    private static readonly (string Role, string Industry)[] Profiles =
    [
        ("CEO", "B2B SaaS"),
        ("Marketing Manager", "SaaS"),
        ("Software Engineer", "Manufacturing"),
        ("VP Sales", "Enterprise SaaS"),
        ("Director of Operations", "Retail"),
        ("Intern", ""),
    ];

    /// <summary><paramref name="count"/> distinct leads with a spread of roles and industries (so every intent occurs).</summary>
    public static IReadOnlyList<LeadFields> Many(int count, string tag = "lead") =>
        Enumerable.Range(1, count).Select(i =>
        {
            var (role, industry) = Profiles[i % Profiles.Length];
            return new LeadFields($"{tag} {i:D4}", role, $"Company {i:D4}", industry, "Pune", $"Bio of {tag} {i}");
        }).ToList();

    /// <summary>A CSV with the contract's header and one quoted row per lead.</summary>
    public static string Csv(IEnumerable<LeadFields> leads)
    {
        var csv = new StringBuilder("name,role,company,industry,location,linkedin_bio\n");
        foreach (var lead in leads)
        {
            csv.AppendJoin(',', new[] { lead.Name, lead.Role, lead.Company, lead.Industry, lead.Location, lead.LinkedinBio }.Select(Quote)).Append('\n');
        }

        return csv.ToString();
    }

    private static string Quote(string value) => '"' + value.Replace("\"", "\"\"") + '"';
}
