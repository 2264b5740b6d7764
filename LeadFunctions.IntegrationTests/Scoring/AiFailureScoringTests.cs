namespace LeadFunctions.IntegrationTests.Scoring;

/// <summary>
/// The scoring modes (docs/scoring.md#modes) through the local host and the fake AI: transient AI errors are retried into a hybrid score; an AI that
/// answers badly or stays down yields <c>rules-only (ai failed)</c> with the reason, never a "Low" made up from nothing;
/// and <c>POST /api/leads/score</c> with <c>rescore</c> turns those leads hybrid once the AI is back.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AiFailureScoringTests(AzuriteFixture storage)
{
    /// <summary>Rule reasons of <see cref="ScoringTestLeads.Ceo"/>: 50 rule points.</summary>
    private const string CeoRules = "[Rule: Decision maker role (+20), Exact ICP match (+20), Complete profile (+10)]";

    [Fact]
    public async Task A_429_5xx_or_timeout_followed_by_an_answer_is_retried_and_the_lead_is_scored_hybrid()
    {
        await using var ai = await FakeOpenAiServer.StartAsync();
        var replies = new PerLeadReplies();
        replies.Enqueue("Rita Throttled", FakeReply.Status(429, retryAfter: "1"));
        replies.Enqueue("Sam Unavailable", FakeReply.Status(503));
        replies.Enqueue("Eve Erroring", FakeReply.Status(500));
        replies.Enqueue("Tim Slow", FakeReply.Delay(TimeSpan.FromSeconds(10), FakeReply.Intent("Low")));
        ai.DefaultReply = replies.Reply;
        await using var host = await RunningLocalHost.StartAsync(storage, HostSettings.Merge(
            HostSettings.Ai(ai),
            new Dictionary<string, string?> { ["Ai:TimeoutSeconds"] = "3" }));
        var api = new LeadApi(host, storage);
        var offerId = await api.CreateOfferAsync();
        string[] names = ["Rita Throttled", "Sam Unavailable", "Eve Erroring", "Tim Slow"];

        var batch = await api.WaitForBatchViewAsync(await api.UploadAsync(offerId, names.Select(n => ScoringTestLeads.Ceo(n))));

        BatchInvariants.AssertCompleted(batch);
        Assert.Equal(new IntentCounts(4, 0, 0), batch.ByIntent);
        foreach (var lead in await api.LeadViewsAsync(offerId))
        {
            var breakdown = ScoringPipelineApi.BreakdownOf(lead);
            Assert.Equal(ScoringMethods.Hybrid, breakdown.ScoringMethod);
            Assert.Equal((100, "High", 50, "High"), (lead.Score, lead.Intent, breakdown.AiScore, breakdown.AiIntent));
            Assert.Equal($"{CeoRules} [AI: Senior decision maker in a matching company.]", lead.Reasoning);
            Assert.Equal(2, PerLeadReplies.CallsAbout(ai, lead.Name));
        }

        // Retried inside one call: no queue redelivery was needed.
        Assert.All(host.Recorder.Invocations.Where(i => i.FunctionName == "ScoreLead"), i => Assert.True(i.Succeeded));
    }

    [Fact]
    public async Task An_invalid_AI_answer_scores_the_lead_by_rules_with_the_reason_never_as_Low()
    {
        await using var ai = await FakeOpenAiServer.StartAsync();
        var replies = new PerLeadReplies();
        replies.Enqueue("Mal Formed", FakeReply.Content("{\"intent\": \"High\", \"reasoning\": "));
        replies.Enqueue("Una Known", FakeReply.Content("{\"intent\": \"Urgent\", \"reasoning\": \"Buy now.\"}"));
        replies.Enqueue("Cut Short", FakeReply.Content("{\"intent\": \"High\"", finishReason: "length"));
        ai.DefaultReply = replies.Reply;
        await using var host = await RunningLocalHost.StartAsync(storage, HostSettings.Ai(ai));
        var api = new LeadApi(host, storage);
        var offerId = await api.CreateOfferAsync();
        var reasons = new Dictionary<string, string>
        {
            ["Mal Formed"] = "the model's answer is not valid JSON",
            ["Una Known"] = "the model's intent 'Urgent' is not High, Medium or Low",
            ["Cut Short"] = "the model's answer ended with 'Length' instead of a complete answer",
        };

        var batch = await api.WaitForBatchViewAsync(await api.UploadAsync(offerId, reasons.Keys.Select(n => ScoringTestLeads.Ceo(n))));

        BatchInvariants.AssertCompleted(batch);
        Assert.Equal((3L, 0L), (batch.Scored, batch.Failed));
        Assert.Equal(new IntentCounts(3, 0, 0), batch.ByIntent);
        foreach (var lead in await api.LeadViewsAsync(offerId))
        {
            var breakdown = ScoringPipelineApi.BreakdownOf(lead);

            // min(2 × 50, 100): the rules' verdict stands, not a Low invented for the missing AI answer.
            Assert.Equal(("scored", 100, "High"), (lead.Status, lead.Score, lead.Intent));
            Assert.Equal((ScoringMethods.RulesOnlyAiFailed, 50, (int?)null, (string?)null), (breakdown.ScoringMethod, breakdown.RuleScore, breakdown.AiScore, breakdown.AiIntent));
            Assert.Equal($"{CeoRules} [AI: failed ({reasons[lead.Name]}) — scored by rules only]", lead.Reasoning);
        }
    }

    [Fact]
    public async Task An_AI_down_for_the_whole_batch_leaves_every_lead_rules_only_with_the_reason_until_a_rescore()
    {
        const int leadCount = 4;
        const int maxDequeueCount = 2;
        await using var ai = await FakeOpenAiServer.StartAsync();
        ai.DefaultReply = _ => FakeReply.Status(503);
        await using var host = await RunningLocalHost.StartAsync(storage, HostSettings.Merge(
            HostSettings.Ai(ai),
            HostSettings.QueueRetries(maxDequeueCount, retryDelay: TimeSpan.FromSeconds(1)),
            new Dictionary<string, string?> { ["Ai:TimeoutSeconds"] = "2" }));
        var api = new LeadApi(host, storage);
        var offerId = await api.CreateOfferAsync();
        var batchId = await api.UploadAsync(offerId, new LeadGenerator("outage").Leads(leadCount));

        var batch = await api.WaitForBatchViewAsync(batchId, TimeSpan.FromSeconds(60));

        BatchInvariants.AssertCompleted(batch);
        Assert.Equal((leadCount, 0L), (batch.Scored, batch.Failed));
        var outage = await api.LeadViewsAsync(offerId);
        Assert.All(outage, lead =>
        {
            var breakdown = ScoringPipelineApi.BreakdownOf(lead);
            Assert.Equal(ScoringMethods.RulesOnlyAiFailed, breakdown.ScoringMethod);
            Assert.Null(breakdown.AiScore);
            Assert.Equal(Math.Min(2 * breakdown.RuleScore, 100), lead.Score);
            Assert.EndsWith(
                $"[AI: failed after retries (HTTP 503 from the AI service ({AiRetryPolicy.DefaultMaxAttempts} attempts)) — scored by rules only]",
                lead.Reasoning);
        });

        // Every delivery tried the model the policy's number of times; the last delivery scored by rules, so none was poisoned.
        Assert.Equal(leadCount * maxDequeueCount * AiRetryPolicy.DefaultMaxAttempts, ai.CallCount);
        Assert.Equal(leadCount * (maxDequeueCount - 1), host.Recorder.Invocations.Count(i => i.FunctionName == "ScoreLead" && !i.Succeeded));
        Assert.DoesNotContain(host.Recorder.Invocations, i => i.FunctionName == "RecordPoisonedLead");

        ai.DefaultReply = FakeOpenAiServer.DecideFromLeadText;
        var rescore = await api.ScoreAsync(new ScoreRequest(offerId, BatchId: null, Rescore: true));
        Assert.Equal(leadCount, rescore.LeadsQueued);
        var rescored = await api.WaitForLeadViewsAsync(
            offerId,
            leads => leads.All(l => l.Status == "scored" && ScoringPipelineApi.BreakdownOf(l).ScoringMethod == ScoringMethods.Hybrid),
            "every lead to be rescored hybrid");

        Assert.Equal(leadCount, rescored.Count);
        Assert.All(rescored, lead => Assert.Equal(ScoringPipelineApi.BreakdownOf(lead).RuleScore + ScoringPipelineApi.BreakdownOf(lead).AiScore, lead.Score));
        var after = await api.WaitForBatchViewAsync(batchId);
        BatchInvariants.AssertCompleted(after);
        Assert.Equal(ScoringPipelineApi.IntentsOf(rescored), after.ByIntent);
    }
}
