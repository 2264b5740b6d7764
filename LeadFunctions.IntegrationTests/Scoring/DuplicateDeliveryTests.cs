using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
namespace LeadFunctions.IntegrationTests.Scoring;

/// <summary>
/// docs/guarantees.md#delivery through the local host: queues deliver at least once, so the same scoring message processed again —
/// racing the first delivery or long after it, even on the poison queue — leaves one lead, counted once.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class DuplicateDeliveryTests(AzuriteFixture storage)
{
    private static readonly TimeSpan InvocationTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_scoring_message_processed_again_and_again_scores_its_lead_once_and_counts_it_once()
    {
        await using var ai = await FakeOpenAiServer.StartAsync();

        // A slow model keeps the leads queued long enough for the copies to race their first delivery.
        ai.Latency = TimeSpan.FromMilliseconds(700);
        await using var host = await RunningLocalHost.StartAsync(storage, HostSettings.Ai(ai));
        var api = new LeadApi(host, storage);
        var offerId = await api.CreateOfferAsync();
        var batchId = await api.UploadAsync(offerId, [
            ScoringTestLeads.Ceo(),
            new LeadFields("Priya Shah", "Marketing Manager", "AdCo", "SaaS", "Pune", "Runs demand generation"),
            new LeadFields("John Doe", "Software Engineer", "Acme Tools", "Manufacturing", "", ""),
        ]);
        var written = await api.WaitForLeadViewsAsync(offerId, leads => leads.Count == 3, "the batch's 3 leads to be written");
        var queue = storage.CreateQueueServiceClient().GetQueueClient(host.ScoringQueue);

        // Three more messages for each lead while the originals are being scored: in the format without the lead's copy,
        // so every copy reads the lead (the copies with it are ScoringMessageTests').
        var messages = written.Select(l => JsonSerializer.Serialize(new { offer_id = offerId, lead_id = l.Id, batch_id = batchId })).ToList();
        await Task.WhenAll(messages.SelectMany(m => Enumerable.Repeat(m, 3)).Select(m => queue.SendMessageAsync(m)));
        await WaitForInvocationsAsync(host, "ScoreLead", messages, each: 4);
        var batch = await api.WaitForBatchViewAsync(batchId);
        var leads = await api.LeadViewsAsync(offerId);

        Assert.Equal(3, leads.Count);
        Assert.All(leads, l => Assert.Equal("scored", l.Status));
        Assert.All(leads, l => Assert.Equal("hybrid", ScoringPipelineApi.BreakdownOf(l).ScoringMethod));
        BatchInvariants.AssertCompleted(batch);
        Assert.Equal(3, batch.Scored);
        Assert.Equal(0, batch.Failed);
        Assert.Equal(new IntentCounts(1, 1, 1), batch.ByIntent);
        Assert.Equal(ScoringPipelineApi.IntentsOf(leads), batch.ByIntent);

        // Every delivery after the first found the answer shared in flight or cached: one model call per lead.
        Assert.Equal(3, ai.CallCount);

        // Late copies, on the scoring queue and on its poison queue, change nothing.
        var poison = storage.CreateQueueServiceClient().GetQueueClient(LeadScoringOptions.PoisonQueueOf(host.ScoringQueue));
        await poison.CreateIfNotExistsAsync();
        await Task.WhenAll(messages.Select(m => queue.SendMessageAsync(m)).Concat(messages.Select(m => poison.SendMessageAsync(m))));
        await WaitForInvocationsAsync(host, "ScoreLead", messages, each: 5);
        await WaitForInvocationsAsync(host, "RecordPoisonedLead", messages, each: 1);

        Assert.Equal(JsonSerializer.Serialize(batch, JsonDefaults.Options), JsonSerializer.Serialize(await api.GetBatchViewAsync(batchId), JsonDefaults.Options));
        Assert.Equal(JsonSerializer.Serialize(leads, JsonDefaults.Options), JsonSerializer.Serialize(await api.LeadViewsAsync(offerId), JsonDefaults.Options));
        Assert.Equal(3, ai.CallCount);
        await TriggerWaits.QueueLengthAsync(queue, 0, TimeSpan.FromSeconds(10));
    }

    /// <summary>
    /// Waits until <paramref name="function"/> has succeeded <paramref name="each"/> times on a message for the lead of
    /// each of <paramref name="messages"/> (whatever the format: the ingest's carry the lead), and checks it ran no more.
    /// </summary>
    private static async Task WaitForInvocationsAsync(RunningLocalHost host, string function, IReadOnlyList<string> messages, int each)
    {
        var leadIds = messages.Select(LeadIdOf).ToList();
        await TriggerWaits.InvocationsAsync(
            host,
            i => i.FunctionName == function && i.Succeeded && leadIds.Contains(LeadIdOf(TriggerWaits.MessageTextOf(i))),
            messages.Count * each,
            InvocationTimeout,
            $"{function} succeeding on the {messages.Count} leads' messages");
        Assert.All(leadIds, id => Assert.Equal(each, host.Recorder.Invocations.Count(i => i.FunctionName == function && LeadIdOf(TriggerWaits.MessageTextOf(i)) == id)));
    }

    private static string? LeadIdOf(string? messageText) => messageText is null ? null : LeadFunctions.Scoring.ScoringQueue.Parse(messageText)?.LeadId;
}
