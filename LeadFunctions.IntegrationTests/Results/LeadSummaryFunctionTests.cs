using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
namespace LeadFunctions.IntegrationTests.Results;

/// <summary><c>GET /api/leads/summary</c> on the local host: the histogram agrees with every lead the API lists.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class LeadSummaryFunctionTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    private readonly LeadApi _api = fixture.Api;

    [Fact]
    public async Task The_histogram_and_intents_count_exactly_the_scored_leads_of_the_offer_and_of_each_batch()
    {
        var offerId = await _api.CreateOfferAsync("Summary offer", LeadGenerator.IdealUseCase);
        var first = await _api.UploadAcceptedAsync(offerId, Encoding.UTF8.GetBytes(LeadGenerator.ToCsv(new LeadGenerator("sa", 7).Leads(60))));
        var batch = await _api.WaitForBatchAsync(first);
        var second = await _api.UploadAcceptedAsync(offerId, Encoding.UTF8.GetBytes(LeadGenerator.ToCsv(new LeadGenerator("sb", 8).Leads(25))));
        await _api.WaitForBatchAsync(second);

        var leads = await _api.LeadsAsync(offerId);
        var offer = await SummaryAsync($"offer_id={offerId}");
        var ofFirst = await SummaryAsync($"offer_id={offerId}&batch_id={first}");

        Assert.Equal(85, leads.Count);
        AssertMatches(leads, offer);
        AssertMatches(leads.Where(l => (string?)l["batch_id"] == first).ToList(), ofFirst);
        Assert.Equal(60, ofFirst["scored"]!.GetValue<long>());

        // The batch that was summarised has ended: 100 %, nothing left, a measured rate.
        Assert.Equal("completed", (string?)batch["status"]);
        Assert.Equal(100, batch["percent"]!.GetValue<int>());
        Assert.Equal(0, batch["eta_seconds"]!.GetValue<long>());
        Assert.True(batch["rate_per_s"]!.GetValue<double>() > 0);
    }

    [Fact]
    public async Task Intent_filters_the_summary_and_bad_filters_are_a_400_problem()
    {
        var offerId = await _api.CreateOfferAsync("Summary filters", LeadGenerator.IdealUseCase);
        await _api.WaitForBatchAsync(await _api.UploadAcceptedAsync(offerId, Encoding.UTF8.GetBytes(LeadGenerator.ToCsv(new LeadGenerator("sf", 3).Leads(30)))));
        var all = await SummaryAsync($"offer_id={offerId}");

        var low = await SummaryAsync($"offer_id={offerId}&intent=low");

        Assert.Equal(all["by_intent"]!["Low"]!.GetValue<long>(), low["scored"]!.GetValue<long>());
        Assert.Equal(0, low["by_intent"]!["High"]!.GetValue<long>());
        using var bad = await _api.Http.GetAsync($"/api/leads/summary?offer_id={offerId}&intent=urgent");
        await ProblemAssert.IsValidationAsync(bad, "intent");
    }

    private async Task<JsonObject> SummaryAsync(string query)
    {
        using var response = await _api.Http.GetAsync("/api/leads/summary?" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    private static void AssertMatches(IReadOnlyList<JsonObject> leads, JsonObject summary)
    {
        var scored = leads.Where(l => (string?)l["status"] == "scored").ToList();
        var expected = new long[LeadSummaryBuilder.BucketCount];
        foreach (var lead in scored)
        {
            expected[LeadSummaryBuilder.BucketOf(lead["score"]!.GetValue<int>())]++;
        }

        Assert.Equal(expected, summary["histogram"]!.AsArray().Select(b => b!["count"]!.GetValue<long>()));
        Assert.Equal(scored.Count, summary["scored"]!.GetValue<long>());
        Assert.Equal(leads.Count, summary["count"]!.GetValue<long>());
        foreach (var intent in new[] { "High", "Medium", "Low" })
        {
            Assert.Equal(scored.Count(l => (string?)l["intent"] == intent), summary["by_intent"]![intent]!.GetValue<long>());
        }
    }
}
