using System.Text;
namespace LeadFunctions.Testing;

/// <summary>
/// The one lead generator of the tests and benchmarks. Lead <c>i</c> of a (tag, seed) is always the same, so a file
/// of any size is produced row by row and never held whole, and a checker can recompute any row. Rules-only scores
/// against <see cref="IdealUseCase"/> spread over 0, 20, 40, 60, 80 and 100: roles worth 20 / 10 / 0, industries that
/// match exactly, are adjacent, unrelated or blank, and some incomplete profiles. Names repeat in mixed case (so
/// ordering ties fall to the case-insensitive name, then the id); companies never do, within a tag.
/// </summary>
/// <remarks>
/// Each role carries what <see cref="FakeOpenAiServer.DecideFromLeadText"/> answers for it, and no other field holds a
/// word it looks for, so a test knows what the AI layer said for every lead.
/// </remarks>
public sealed class LeadGenerator(string tag, int seed = 0)
{
    /// <summary>The six required columns (docs/api.md#csv-input).</summary>
    public const string Header = "name,role,company,industry,location,linkedin_bio";

    /// <summary>The offer's only ideal use case that <see cref="GeneratedLead.ExpectedScore"/> assumes.</summary>
    public const string IdealUseCase = "B2B SaaS";

    private const string NewLine = "\r\n";

    private static readonly (string Role, int Points, string AiIntent)[] Roles =
    [
        ("CEO", 20, "High"), ("Founder", 20, "High"), ("VP of Sales", 20, "High"), ("Director", 20, "Medium"),
        ("Marketing Manager", 10, "Medium"), ("Engineering Manager", 10, "Medium"),
        ("Software Engineer", 0, "Low"), ("Accountant", 0, "Low"),
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

    /// <summary>Goes into every company name: two tags never share an identity within one offer.</summary>
    public string Tag => tag;

    /// <summary>An offer the generated leads are meant for: <see cref="IdealUseCase"/> only.</summary>
    public static OfferInput Offer(string name) => new(name, ["24/7 outreach", "6x more meetings"], [IdealUseCase], null);

    /// <summary>Lead <paramref name="index"/>, the same on every call and in every process.</summary>
    public GeneratedLead Lead(int index)
    {
        var draws = new Draws(seed, index);
        var (role, rolePoints, aiIntent) = Roles[draws.Next(Roles.Length)];
        var (industry, industryPoints) = Industries[draws.Next(Industries.Length)];
        var location = draws.Next(6) == 0 ? "" : "Pune";
        var name = $"{CaseVariant(FirstNames[draws.Next(FirstNames.Length)], draws.Next(3))} {LastNames[draws.Next(LastNames.Length)]}";
        var complete = industry.Length > 0 && location.Length > 0;
        var rule = rolePoints + industryPoints + (complete ? 10 : 0);
        var fields = new LeadFields(name, role, $"{tag} Co {index:D5}", industry, location, $"Bio of lead {index}");
        return new GeneratedLead(fields, Math.Min(2 * rule, 100), aiIntent);
    }

    /// <summary>Leads 0 to <paramref name="count"/> − 1, produced as they are enumerated.</summary>
    public IEnumerable<GeneratedLead> Stream(int count) => Enumerable.Range(0, count).Select(Lead);

    /// <summary>Leads 0 to <paramref name="count"/> − 1, in memory.</summary>
    public IReadOnlyList<GeneratedLead> Leads(int count) => Stream(count).ToList();

    /// <summary>An upload file of the first <paramref name="count"/> leads.</summary>
    public string Csv(int count) => ToCsv(Stream(count));

    public byte[] CsvBytes(int count) => Encoding.UTF8.GetBytes(Csv(count));

    /// <summary>Writes the first <paramref name="count"/> leads as a CSV file in the temp folder and returns its path; the caller deletes it.</summary>
    public async Task<string> WriteCsvFileAsync(int count, CancellationToken ct)
    {
        var path = Path.Combine(Path.GetTempPath(), $"leadfunctions-{Guid.NewGuid():N}-{count}.csv");
        await using var file = File.Create(path);
        await WriteCsvAsync(file, Stream(count).Select(l => l.Fields), ct);
        return path;
    }

    /// <summary>The leads as an upload file: the header, then a line a lead, a field quoted only where it must be.</summary>
    public static string ToCsv(IEnumerable<GeneratedLead> leads) => ToCsv(leads.Select(l => l.Fields));

    public static string ToCsv(IEnumerable<LeadFields> leads) => Header + NewLine + CsvRows(leads);

    /// <summary>The data lines alone, each ended by a line break.</summary>
    public static string CsvRows(IEnumerable<LeadFields> leads)
    {
        var csv = new StringBuilder();
        foreach (var lead in leads)
        {
            csv.Append(CsvLine(lead)).Append(NewLine);
        }

        return csv.ToString();
    }

    /// <summary>Writes the header and the leads to <paramref name="destination"/> (UTF-8, no BOM) as they are enumerated.</summary>
    public static async Task WriteCsvAsync(Stream destination, IEnumerable<LeadFields> leads, CancellationToken ct)
    {
        await using var writer = new StreamWriter(destination, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 1 << 16, leaveOpen: true);
        await writer.WriteAsync(Header + NewLine);
        var written = 0;
        foreach (var lead in leads)
        {
            await writer.WriteAsync(CsvLine(lead) + NewLine);
            if (++written % 10_000 == 0)
            {
                ct.ThrowIfCancellationRequested();
            }
        }
    }

    private static string CsvLine(LeadFields lead) =>
        string.Join(',', Quote(lead.Name), Quote(lead.Role), Quote(lead.Company), Quote(lead.Industry), Quote(lead.Location), Quote(lead.LinkedinBio));

    /// <summary>RFC 4180 quoting where a value would otherwise read differently: separators, quotes, line breaks.</summary>
    private static string Quote(string value) =>
        value.AsSpan().IndexOfAny(",;\t\"\r\n") >= 0 ? "\"" + value.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : value;

    private static string CaseVariant(string name, int variant) => variant switch
    {
        0 => name.ToLowerInvariant(),
        1 => name.ToUpperInvariant(),
        _ => char.ToUpperInvariant(name[0]) + name[1..].ToLowerInvariant(),
    };

    /// <summary>SplitMix64 over (seed, index): the same draws for a lead wherever it is asked for, with no shared state.</summary>
    private sealed class Draws(int seed, int index)
    {
        private ulong _state = ((ulong)(uint)seed << 32) | (uint)index;

        public int Next(int bound)
        {
            var z = _state += 0x9E3779B97F4A7C15UL;
            z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
            return (int)((z ^ (z >> 31)) % (ulong)bound);
        }
    }
}
