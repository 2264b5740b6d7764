using System.Text;
using LeadFunctions.Testing;

namespace LeadFunctions.Testing;

/// <summary>
/// Distinct, valid leads for fault tests, built in memory (nothing big is committed). Each role makes the fake AI's
/// <see cref="FakeOpenAiServer.DecideFromLeadText"/> answer predictably, and no other field holds one of the
/// words it looks for, so a test knows what the AI layer said for every lead.
/// </summary>
public static class GeneratedLeads
{
    public const string Header = "name,role,company,industry,location,linkedin_bio";

    private static readonly (string Role, string AiIntent)[] Roles =
    [
        ("CEO", "High"),
        ("Marketing Manager", "Medium"),
        ("Data Analyst", "Low"),
    ];

    private static readonly string[] Industries = ["B2B SaaS", "Retail", "SaaS", "Logistics"];

    public static string Csv(int count)
    {
        var csv = new StringBuilder(Header.Length + count * 100).Append(Header).Append('\n');
        for (var i = 0; i < count; i++)
        {
            csv.Append(Name(i)).Append(',').Append(Roles[i % Roles.Length].Role).Append(",Company ").Append(i.ToString("D6"))
                .Append(',').Append(Industries[i % Industries.Length]).Append(",Pune,Works on growth projects (")
                .Append(i).Append(")\n");
        }

        return csv.ToString();
    }

    public static string Name(int i) => $"Lead {i:D6} Patel";

    /// <summary>What <see cref="FakeOpenAiServer.DecideFromLeadText"/> answers for the lead named <paramref name="name"/>.</summary>
    public static string AiIntentOf(string name) => Roles[int.Parse(name.AsSpan(5, 6)) % Roles.Length].AiIntent;
}
