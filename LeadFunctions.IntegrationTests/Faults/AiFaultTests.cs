using System.Diagnostics;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace LeadFunctions.IntegrationTests.Faults;

/// <summary>An AI that misbehaves for part or all of a batch: every lead still ends scored, and the counts hold.</summary>
[Collection(FaultsCollection.Name)]
[Trait("Category", FaultsCollection.Name)]
public sealed class AiFaultTests(AzuriteFixture storage, ITestOutputHelper output)
{
    [Fact]
    public async Task A_500_lead_batch_is_fully_hybrid_when_the_AI_rate_limits_30_percent_and_fails_10_percent_of_calls()
    {
        const int Leads = 500;
        await using var ai = await FakeOpenAiServer.StartAsync();
        var faults = new SeededAiFaults(seed: 7411, rateLimitedShare: 0.3, serverErrorShare: 0.1, FakeOpenAiServer.DecideFromLeadText);
        ai.DefaultReply = faults.Reply;
        await using var host = await RunningLocalHost.StartAsync(storage, FakeAiSettings.For(ai));
        var api = new LeadApi(host.Http);
        var offerId = await api.CreateOfferAsync();
        var clock = Stopwatch.StartNew();

        var leads = new LeadGenerator("Fault").Leads(Leads);
        var batchId = await api.UploadAsync(offerId, LeadGenerator.ToCsv(leads));
        await api.WaitForCompletionAsync(batchId, TimeSpan.FromMinutes(5));
        output.WriteLine($"{Leads} leads in {clock.Elapsed.TotalSeconds:0.0} s; AI calls {ai.CallCount}: {faults.RateLimited} × 429, {faults.ServerErrors} × 500, {faults.Answered} answered.");

        var settled = await BatchGuarantees.AssertSettledAsync(api, PipelineNames.Of(host, storage.ConnectionString), offerId, batchId, Leads);
        Assert.All(settled.Leads, lead =>
        {
            Assert.Equal("scored", lead["status"]!.GetValue<string>());
            Assert.Equal(ScoringMethods.Hybrid, lead["score_breakdown"]!["scoring_method"]!.GetValue<string>());
            Assert.Equal(AiIntentOf(leads, lead), lead["score_breakdown"]!["ai_intent"]!.GetValue<string>());
        });
        Assert.InRange(faults.RateLimited, Leads / 10, Leads);
        Assert.InRange(faults.ServerErrors, Leads / 50, Leads);

        // Each lead's answer is fetched once and cached: failures are retried, successes never repeated.
        Assert.Equal(Leads, faults.Answered);
    }

    [Fact]
    public async Task A_batch_scored_while_the_AI_is_down_says_so_per_lead_and_a_rescore_after_it_returns_makes_it_hybrid()
    {
        const int Leads = 24;
        await using var ai = await FakeOpenAiServer.StartAsync();
        ai.DefaultReply = _ => FakeReply.Status(503);
        // A failed delivery comes back after the queue's visibility timeout: 1 s instead of host.json's 10 s keeps the
        // five deliveries quick.
        var deliveries = new LeadScoringOptions().MaxDequeueCount;
        await using var host = await RunningLocalHost.StartAsync(storage, HostSettings.Merge(
            FakeAiSettings.For(ai), HostSettings.QueueRetries(deliveries, TimeSpan.FromSeconds(1))));
        var api = new LeadApi(host.Http);
        var names = PipelineNames.Of(host, storage.ConnectionString);
        var offerId = await api.CreateOfferAsync();

        var leads = new LeadGenerator("Fault").Leads(Leads);
        var batchId = await api.UploadAsync(offerId, LeadGenerator.ToCsv(leads));
        await api.WaitForCompletionAsync(batchId, TimeSpan.FromMinutes(5));

        var down = await BatchGuarantees.AssertSettledAsync(api, names, offerId, batchId, Leads);
        Assert.All(down.Leads, lead =>
        {
            Assert.Equal("scored", lead["status"]!.GetValue<string>());
            Assert.Equal(ScoringMethods.RulesOnlyAiFailed, lead["score_breakdown"]!["scoring_method"]!.GetValue<string>());
            Assert.Contains("AI: failed after retries (HTTP 503", lead["reasoning"]!.GetValue<string>());
            Assert.Null(lead["score_breakdown"]!["ai_score"]);
        });

        // Every delivery made its bounded number of attempts and no more: five deliveries × four attempts per lead.
        Assert.Equal(Leads * deliveries * AiRetryPolicy.DefaultMaxAttempts, ai.CallCount);

        ai.DefaultReply = FakeOpenAiServer.DecideFromLeadText;
        Assert.Equal(Leads, await api.ScoreAndWaitAsync(new { batch_id = batchId, rescore = true }));
        await api.WaitForCompletionAsync(batchId, TimeSpan.FromMinutes(5));

        var back = await BatchGuarantees.AssertSettledAsync(api, names, offerId, batchId, Leads);
        Assert.All(back.Leads, lead =>
        {
            Assert.Equal(ScoringMethods.Hybrid, lead["score_breakdown"]!["scoring_method"]!.GetValue<string>());
            Assert.Equal(AiIntentOf(leads, lead), lead["score_breakdown"]!["ai_intent"]!.GetValue<string>());
        });
    }

    private static string AiIntentOf(IEnumerable<GeneratedLead> uploaded, JsonNode listed) =>
        uploaded.Single(l => l.Key == listed["company"]!.GetValue<string>().ToUpperInvariant()).AiIntent;
}
