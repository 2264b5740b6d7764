using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace LeadFunctions.Tests.Testing;

/// <summary>
/// What the tests and benchmarks rely on from the one lead generator: the same leads for the same tag and seed, a file
/// the app's own reader reads back field for field, and expected scores and AI answers that the rule layer and the fake
/// AI really give.
/// </summary>
public sealed class LeadGeneratorTests
{
    private static readonly OfferProfile Offer = LeadGenerator.Offer("Generated").ToProfile();

    [Fact]
    public void A_lead_is_the_same_however_and_wherever_it_is_asked_for_and_the_seed_and_tag_change_it()
    {
        var leads = new LeadGenerator("T", seed: 4).Leads(200);

        Assert.Equal(leads, Enumerable.Range(0, 200).Select(new LeadGenerator("T", seed: 4).Lead));
        Assert.Equal(leads[150], new LeadGenerator("T", seed: 4).Lead(150));
        Assert.NotEqual(leads.Select(l => (l.Fields.Role, l.Fields.Industry, l.Name)), new LeadGenerator("T", seed: 5).Leads(200).Select(l => (l.Fields.Role, l.Fields.Industry, l.Name)));
        Assert.Empty(leads.Select(l => l.Key).Intersect(new LeadGenerator("U", seed: 4).Leads(200).Select(l => l.Key)));
    }

    [Fact]
    public void Companies_never_repeat_while_names_repeat_in_other_cases_and_scores_and_intents_spread_over_every_value()
    {
        var leads = new LeadGenerator("Spread").Leads(1_000);

        Assert.Equal(leads.Count, leads.Select(l => l.Key).Distinct().Count());
        Assert.Contains(leads.GroupBy(l => l.Name, StringComparer.OrdinalIgnoreCase), g => g.Select(l => l.Name).Distinct(StringComparer.Ordinal).Count() > 1);
        Assert.Equal([0, 20, 40, 60, 80, 100], leads.Select(l => l.ExpectedScore).Distinct().Order());
        Assert.Equal(["High", "Low", "Medium"], leads.Select(l => l.ExpectedIntent).Distinct().Order());
        Assert.Equal(["High", "Low", "Medium"], leads.Select(l => l.AiIntent).Distinct().Order());
    }

    [Fact]
    public void The_expected_score_is_what_the_rule_layer_gives_in_rules_only_mode()
    {
        Assert.All(new LeadGenerator("Rules", seed: 9).Leads(300), lead =>
            Assert.Equal(lead.ExpectedScore, LeadScoreCalculator.RulesOnly(RuleScorer.Score(lead.Fields, Offer), Offer.Rules).Score));
    }

    [Fact]
    public void The_AI_intent_is_what_the_fake_AI_answers_for_the_lead_the_app_sends_it()
    {
        Assert.All(new LeadGenerator("Ai", seed: 2).Leads(100), lead =>
        {
            var body = new JsonObject { ["messages"] = new JsonArray(new JsonObject { ["role"] = "user", ["content"] = IntentPrompt.BuildUserMessage(Offer, lead.Fields) }) };
            var reply = Assert.IsType<FakeReply.ContentReply>(FakeOpenAiServer.DecideFromLeadText(new FakeChatRequest("/v1/chat/completions", null, null, body.ToJsonString(), new Dictionary<string, string>())));
            Assert.Equal(lead.AiIntent, JsonNode.Parse(reply.Text)!["intent"]!.GetValue<string>());
        });
    }

    [Fact]
    public async Task The_csv_text_and_the_streamed_file_read_back_as_the_same_leads_even_with_quotes_commas_and_line_breaks()
    {
        LeadFields[] tricky =
        [
            new("Ava \"The Boss\" Patel", "Head of Growth, APAC", "Quote, Comma & Co", "B2B SaaS", "Mumbai\nIndia", "Line one\r\nline two"),
            new("Tab Person", "Director", "Tab Co", "Retail; wholesale", "Tab\tinside", "Semi;colon"),
        ];
        var leads = new LeadGenerator("Csv").Stream(50).Select(l => l.Fields).Concat(tricky).ToList();

        using var file = new MemoryStream();
        await LeadGenerator.WriteCsvAsync(file, leads, CancellationToken.None);
        var text = LeadGenerator.ToCsv(leads);

        Assert.Equal(text, Encoding.UTF8.GetString(file.ToArray()));
        var read = await CsvTestReading.ReadAsync(text);
        Assert.Null(read.Problem);
        Assert.Equal(leads, read.Accepted.Select(row => row.Lead));
        Assert.Equal(new LeadGenerator("Csv").Csv(50), LeadGenerator.ToCsv(leads.Take(50)));
    }
}
