using System.Text;
namespace LeadFunctions.Benchmarks;

/// <summary>
/// Synthetic leads, distinct and deterministic: lead <c>i</c> of a run tag always has the same fields, every (name,
/// company) is different, and the roles and industries spread over every rule outcome. Written to a temporary file so
/// even a million rows never sit in this process's memory.
/// </summary>
public static class LeadCsv
{
    public const string Header = "name,role,company,industry,location,linkedin_bio";

    private static readonly string[] Roles =
        ["CEO", "VP Sales", "Head of Growth", "Marketing Manager", "Software Engineer", "Director of Operations", "Founder", "Team Lead", "Analyst", "CTO"];

    private static readonly string[] Industries =
        ["B2B SaaS", "SaaS", "Fintech", "Manufacturing", "Marketing agencies", "Healthcare", "Enterprise SaaS", ""];

    private static readonly string[] Locations = ["Mumbai", "Berlin", "Austin", "London", "Pune", "Toronto"];

    /// <summary>The offer the leads are scored against.</summary>
    public static OfferInput Offer { get; } = new(
        "LeadFlow Benchmark",
        ["Scores inbound leads in seconds", "Cuts manual qualification"],
        ["B2B SaaS", "Marketing agencies"],
        null);

    public static LeadFields Lead(string tag, int index) => new(
        $"Lead {tag} {index:D7}",
        Roles[index % Roles.Length],
        $"Company {index % 9973:D4}",
        Industries[index % Industries.Length],
        Locations[index % Locations.Length],
        $"Builds {Industries[(index / 3) % Industries.Length]} revenue teams. Profile {index}.");

    /// <summary>Writes <paramref name="count"/> leads as a CSV file and returns its path; the caller deletes it.</summary>
    public static async Task<string> WriteFileAsync(string tag, int count, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"leadfunctions-bench-{tag}-{count}.csv");
        await using var writer = new StreamWriter(path, append: false, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16);
        await writer.WriteLineAsync(Header);
        for (var i = 0; i < count; i++)
        {
            var lead = Lead(tag, i);
            await writer.WriteLineAsync($"{lead.Name},{lead.Role},{lead.Company},{lead.Industry},{lead.Location},{lead.LinkedinBio}");
            if (i % 10_000 == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
        }

        return path;
    }
}
