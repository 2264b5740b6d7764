namespace LeadFunctions.IntegrationTests.Scoring;

/// <summary>
/// docs/scoring.md#ai-calls through the local host: the same lead and offer content is sent to the model once (content-hash
/// cache), and <c>Ai:MaxConcurrency</c> caps the calls in flight.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AiCallBudgetTests(AzuriteFixture storage)
{
    [Fact]
    public async Task The_same_lead_uploaded_again_is_not_sent_to_the_model_again_but_a_changed_bio_is()
    {
        await using var ai = await FakeOpenAiServer.StartAsync();
        await using var host = await RunningLocalHost.StartAsync(storage, HostSettings.Ai(ai));
        var api = new LeadApi(host, storage);
        var offerId = await api.CreateOfferAsync();
        LeadFields[] ceo = [ScoringTestLeads.Ceo()];

        await UploadAndScoreAsync(api, offerId, ceo);
        Assert.Equal(1, ai.CallCount);

        var again = await UploadAndScoreAsync(api, offerId, ceo);
        Assert.Equal(1, ai.CallCount);
        Assert.Equal(again.BatchId, Assert.Single(await api.LeadViewsAsync(offerId)).BatchId);

        await UploadAndScoreAsync(api, offerId, [ScoringTestLeads.Ceo(bio: "Now hiring a team of SDRs")]);
        Assert.Equal(2, ai.CallCount);
        Assert.Contains("Now hiring a team of SDRs", ai.Requests[^1].LeadBlock);
        var lead = Assert.Single(await api.LeadViewsAsync(offerId));
        Assert.Equal(("Now hiring a team of SDRs", "hybrid"), (lead.LinkedinBio, ScoringPipelineApi.BreakdownOf(lead).ScoringMethod));
    }

    [Fact]
    public async Task Max_concurrency_caps_the_AI_calls_in_flight_during_a_batch()
    {
        const int leadCount = 40;
        await using var ai = await FakeOpenAiServer.StartAsync();

        // Slow enough that the queue's 32-message batches pile up at the gate.
        ai.Latency = TimeSpan.FromMilliseconds(150);
        await using var host = await RunningLocalHost.StartAsync(storage, HostSettings.Merge(
            HostSettings.Ai(ai),
            new Dictionary<string, string?> { ["Ai:MaxConcurrency"] = "2" }));
        var api = new LeadApi(host, storage);
        var offerId = await api.CreateOfferAsync();

        var batch = await UploadAndScoreAsync(api, offerId, new LeadGenerator("budget").Leads(leadCount).Select(l => l.Fields));

        Assert.Equal(leadCount, batch.Scored);
        Assert.Equal(leadCount, ai.CallCount);

        // Never more than the budget, and the budget is used: two calls at a time, not one.
        Assert.Equal(2, ai.MaxConcurrentCalls);
    }

    private static async Task<BatchResponse> UploadAndScoreAsync(LeadApi api, string offerId, IEnumerable<LeadFields> leads)
    {
        var batch = await api.WaitForBatchViewAsync(await api.UploadAsync(offerId, leads));
        BatchInvariants.AssertCompleted(batch);
        return batch;
    }
}
