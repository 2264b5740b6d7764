using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
namespace LeadFunctions.IntegrationTests.EndToEnd;

/// <summary>The whole pipeline through the local host, driven over HTTP and the storage SDK as a user would.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PipelineEndToEndTests(AzuriteFixture storage)
{
    /// <summary>Three leads whose scores the first test works out by hand; the telemetry test uploads them too.</summary>
    internal const string SeedCsv = """
        name,role,company,industry,location,linkedin_bio
        Ava Patel,CEO,FlowMetrics,B2B SaaS,Mumbai,Scaling revenue for SaaS teams
        John Doe,Software Engineer,Acme Tools,Manufacturing,,
        Priya Shah,Marketing Manager,AdCo,SaaS,Pune,Runs demand generation
        """;

    private static readonly TimeSpan PipelineTimeout = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task Seed_csv_upload_is_scored_hybrid_with_the_spec_numbers()
    {
        await using var ai = await FakeOpenAiServer.StartAsync();
        ai.DefaultReply = _ => FakeReply.Intent("High", "Clear buying signals.");
        await using var host = await RunningLocalHost.StartAsync(storage, new Dictionary<string, string?>
        {
            ["Ai:Provider"] = "OpenAI",
            ["Ai:Endpoint"] = ai.OpenAiBaseUri.ToString(),
            ["Ai:ApiKey"] = "test-key",
            ["Ai:Model"] = "fake-model",
        });
        var api = new LeadApi(host, storage);
        var offerId = await api.CreateOfferAsync();

        var upload = await LeadApi.AcceptedAsync(await api.UploadMultipartAsync(offerId, Encoding.UTF8.GetBytes(SeedCsv)));
        var batch = await api.WaitForBatchAsync(upload["batch_id"]!.GetValue<string>(), PipelineTimeout);

        Assert.Equal("completed", batch["status"]!.GetValue<string>());
        Assert.Equal("http", batch["source"]!.GetValue<string>());
        Assert.Equal(3, batch["rows_total"]!.GetValue<long>());
        Assert.Equal(3, batch["rows_accepted"]!.GetValue<long>());
        Assert.Equal(3, batch["scored"]!.GetValue<long>());
        Assert.Equal(0, batch["failed"]!.GetValue<long>());
        Assert.Equal(2, batch["by_intent"]!["High"]!.GetValue<long>());
        Assert.Equal(1, batch["by_intent"]!["Medium"]!.GetValue<long>());
        Assert.Equal(0, batch["by_intent"]!["Low"]!.GetValue<long>());

        var results = await host.Http.GetFromJsonAsync<JsonObject>($"/api/leads/results?offer_id={offerId}");
        var items = results!["results"]!.AsArray();
        Assert.Equal(3, results["count"]!.GetValue<long>());
        Assert.Null(results["next"]);

        // CEO (+20) / exact ICP (+20) / complete (+10) + AI High (50) = 100.
        Assert.Equal("Ava Patel", items[0]!["name"]!.GetValue<string>());
        Assert.Equal(100, items[0]!["score"]!.GetValue<int>());
        Assert.Equal("High", items[0]!["intent"]!.GetValue<string>());
        Assert.Equal("hybrid", items[0]!["score_breakdown"]!["scoring_method"]!.GetValue<string>());
        Assert.StartsWith("[Rule: Decision maker role (+20), Exact ICP match (+20), Complete profile (+10)] [AI: ", items[0]!["reasoning"]!.GetValue<string>());

        // Manager (+10) / adjacent "SaaS" (+10) / complete (+10) + 50 = 80.
        Assert.Equal("Priya Shah", items[1]!["name"]!.GetValue<string>());
        Assert.Equal(80, items[1]!["score"]!.GetValue<int>());

        // No role points, unrelated industry, incomplete: 0 + 50 = 50, Medium.
        Assert.Equal("John Doe", items[2]!["name"]!.GetValue<string>());
        Assert.Equal(50, items[2]!["score"]!.GetValue<int>());
        Assert.Equal("Medium", items[2]!["intent"]!.GetValue<string>());
        Assert.Equal(3, ai.CallCount);
    }

    [Fact]
    public async Task Rules_only_mode_doubles_the_rule_score_and_says_so()
    {
        await using var host = await RunningLocalHost.StartAsync(storage);
        var api = new LeadApi(host, storage);
        var offerId = await api.CreateOfferAsync();

        await api.WaitForBatchAsync(await api.UploadAsync(offerId, SeedCsv), PipelineTimeout);

        var results = await host.Http.GetFromJsonAsync<JsonObject>($"/api/leads/results?offer_id={offerId}");
        var top = results!["results"]![0]!;
        Assert.Equal(100, top["score"]!.GetValue<int>());
        Assert.Equal("rules-only", top["score_breakdown"]!["scoring_method"]!.GetValue<string>());
        Assert.Null(top["score_breakdown"]!["ai_score"]);
        Assert.Contains("not configured", top["reasoning"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_message_delivered_twice_leaves_one_lead_counted_once()
    {
        await using var host = await RunningLocalHost.StartAsync(storage);
        var api = new LeadApi(host, storage);
        var offerId = await api.CreateOfferAsync();
        var batchId = await api.UploadAsync(offerId, SeedCsv);
        await api.WaitForBatchAsync(batchId, PipelineTimeout);
        var leads = await host.Http.GetFromJsonAsync<JsonObject>($"/api/leads?offer_id={offerId}");
        var leadId = leads!["results"]![0]!["id"]!.GetValue<string>();

        var queue = storage.CreateQueueServiceClient().GetQueueClient(host.ScoringQueue);
        var duplicate = JsonSerializer.Serialize(new { offer_id = offerId, lead_id = leadId, batch_id = batchId });
        await queue.SendMessageAsync(duplicate);
        await queue.SendMessageAsync(duplicate);
        await WaitUntilAsync(async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0, "the scoring queue to empty");
        await host.Recorder.WaitForAsync(i => i.FunctionName.Contains("ScoreLead"), TimeSpan.FromSeconds(30));
        await Task.Delay(TimeSpan.FromSeconds(2));

        var batch = await host.Http.GetFromJsonAsync<JsonObject>($"/api/batches/{batchId}");
        Assert.Equal(3, batch!["scored"]!.GetValue<long>());
        Assert.Equal("completed", batch["status"]!.GetValue<string>());
        var all = await host.Http.GetFromJsonAsync<JsonObject>($"/api/leads/results?offer_id={offerId}");
        Assert.Equal(3, all!["count"]!.GetValue<long>());
        Assert.Equal(3, all["results"]!.AsArray().Count);
    }

    [Fact]
    public async Task Re_uploading_the_same_file_updates_leads_instead_of_duplicating_them()
    {
        await using var host = await RunningLocalHost.StartAsync(storage);
        var api = new LeadApi(host, storage);
        var offerId = await api.CreateOfferAsync();
        await api.WaitForBatchAsync(await api.UploadAsync(offerId, SeedCsv), PipelineTimeout);
        var second = await api.WaitForBatchAsync(await api.UploadAsync(offerId, SeedCsv + "\nava  PATEL, CEO , flowmetrics ,B2B SaaS,Mumbai,dup"), PipelineTimeout);

        Assert.Equal(4, second["rows_total"]!.GetValue<long>());
        Assert.Equal(3, second["rows_accepted"]!.GetValue<long>());
        Assert.Equal(1, second["duplicates"]!.GetValue<long>());
        var all = await host.Http.GetFromJsonAsync<JsonObject>($"/api/leads/results?offer_id={offerId}");
        Assert.Equal(3, all!["count"]!.GetValue<long>());
        Assert.Equal(3, all["results"]!.AsArray().Count);
    }

    [Fact]
    public async Task A_csv_dropped_for_an_unknown_offer_becomes_a_failed_batch_that_says_why()
    {
        await using var host = await RunningLocalHost.StartAsync(storage);
        var api = new LeadApi(host, storage);
        await api.DropAsync("nosuchoffer/leads.csv", BinaryData.FromString(SeedCsv));

        JsonArray batches = [];
        await WaitUntilAsync(async () =>
        {
            batches = (await host.Http.GetFromJsonAsync<JsonObject>("/api/batches?page_size=1000"))!["results"]!.AsArray();
            return batches.Any(b => b!["status"]!.GetValue<string>() == "failed");
        }, "a failed batch");
        var failed = batches.Single(b => b!["blob"]!.GetValue<string>().EndsWith("nosuchoffer/leads.csv", StringComparison.Ordinal))!;
        Assert.Equal("blob", failed["source"]!.GetValue<string>());
        Assert.Contains("nosuchoffer", failed["errors"]![0]!["message"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_upload_missing_columns_is_a_400_naming_them_and_stores_nothing()
    {
        await using var host = await RunningLocalHost.StartAsync(storage);
        var api = new LeadApi(host, storage);
        var offerId = await api.CreateOfferAsync();

        using var response = await api.UploadRawAsync(offerId, Encoding.UTF8.GetBytes("name,company,role\nA,B,C\n"));

        var body = (await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest)).ToJsonString();
        foreach (var column in new[] { "industry", "location", "linkedin_bio" })
        {
            Assert.Contains(column, body);
        }

        Assert.Empty((await host.Http.GetFromJsonAsync<JsonObject>($"/api/batches?offer_id={offerId}"))!["results"]!.AsArray());
    }

    [Fact]
    public async Task Export_streams_every_lead_in_score_order_with_formula_cells_neutralised()
    {
        await using var host = await RunningLocalHost.StartAsync(storage);
        var api = new LeadApi(host, storage);
        var offerId = await api.CreateOfferAsync();
        var csv = SeedCsv + "\n\"=HYPERLINK(\"\"http://x\"\")\",CEO,Evil,B2B SaaS,Here,\"+cmd|' /C calc'!A0\"";
        await api.WaitForBatchAsync(await api.UploadAsync(offerId, csv), PipelineTimeout);

        var response = await host.Http.GetAsync($"/api/leads/export_csv?offer_id={offerId}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("leads_export.csv", response.Content.Headers.ContentDisposition!.ToString());
        var lines = (await response.Content.ReadAsStringAsync()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("Name,Role,Company,Industry,Location,Intent,Score,Reasoning", lines[0]);
        Assert.Equal(5, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("\"'=HYPERLINK", StringComparison.Ordinal) || l.StartsWith("'=HYPERLINK", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains(",+cmd", StringComparison.Ordinal));
    }

    private static Task WaitUntilAsync(Func<Task<bool>> condition, string what) =>
        Eventually.TrueAsync(condition, PipelineTimeout, TimeSpan.FromMilliseconds(250), () => what);
}
