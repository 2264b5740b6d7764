using System.Reflection;
using System.Text.Json.Nodes;

namespace LeadFunctions.Tests.Configuration;

/// <summary>local.settings.sample.json lists every app setting with a working local value (README, Settings).</summary>
public sealed class SettingsSampleTests
{
    public static TheoryData<string, Type> Sections => new()
    {
        { "LeadScoring", typeof(LeadScoringOptions) },
        { "Ai", typeof(AiOptions) },
    };

    [Theory]
    [MemberData(nameof(Sections))]
    public void The_sample_names_every_setting_of_a_section(string section, Type options)
    {
        var values = JsonNode.Parse(File.ReadAllText(RepositoryRoot.Combine("local.settings.sample.json")))!["Values"]!.AsObject();
        // MaxDequeueCount is the host's own setting (host.json), read from there rather than set by the app.
        var settable = options.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.CanWrite && p.SetMethod!.IsPublic && p.Name != nameof(LeadScoringOptions.MaxDequeueCount))
            .Select(p => $"{section}__{p.Name}")
            .ToList();

        var missing = settable.Except(values.Select(v => v.Key)).ToList();
        Assert.True(missing.Count == 0, $"Not in local.settings.sample.json: {string.Join(", ", missing)}");
    }
}
