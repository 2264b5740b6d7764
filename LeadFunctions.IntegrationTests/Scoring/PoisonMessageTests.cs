using System.Text.Json;
using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.IntegrationTests.Scoring;

/// <summary>
/// docs/guarantees.md#delivery through the local host: a lead whose scoring message the queue gives up on ends <c>failed</c> with a reason
/// and its batch still completes; a message that names no lead is logged and dropped, never retried into the poison queue.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class PoisonMessageTests(AzuriteFixture storage)
{
    private static readonly TimeSpan InvocationTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_real_lead_s_message_on_the_poison_queue_fails_the_lead_with_the_reason_and_the_batch_completes()
    {
        // Scoring always fails, and a failed message stays hidden for the whole test: only the poison queue can settle the leads.
        await using var host = await RunningLocalHost.StartAsync(
            storage,
            HostSettings.QueueRetries(maxDequeueCount: 5, retryDelay: TimeSpan.FromMinutes(10)),
            recorder => recorder.Fail("ScoreLead"));
        var api = new LeadApi(host, storage);
        var offerId = await api.CreateOfferAsync();
        var batchId = await api.UploadAsync(offerId, new LeadGenerator("poisoned").Leads(2));
        await WaitForInvocationsAsync(host, "ScoreLead", 2);
        var queued = await api.LeadViewsAsync(offerId);
        Assert.All(queued, l => Assert.Equal("queued", l.Status));

        var poison = PoisonQueue(host);
        await poison.CreateIfNotExistsAsync();
        foreach (var lead in queued)
        {
            await poison.SendMessageAsync(JsonSerializer.Serialize(new { offer_id = offerId, lead_id = lead.Id, batch_id = batchId }));
        }

        var batch = await api.WaitForBatchViewAsync(batchId, InvocationTimeout);
        BatchInvariants.AssertCompleted(batch);
        Assert.Equal(2, batch.Failed);
        Assert.Equal(0, batch.Scored);
        var leads = await api.LeadViewsAsync(offerId);
        Assert.Equal(2, leads.Count);
        Assert.All(leads, lead =>
        {
            Assert.Equal("failed", lead.Status);
            Assert.Equal(RecordPoisonedLeadFunction.Reason, lead.Reasoning);
            Assert.Null(lead.Score);
            Assert.Null(lead.Intent);
            Assert.NotNull(lead.ScoredAt);
        });
    }

    [Fact]
    public async Task A_lead_whose_scoring_fails_on_every_delivery_ends_failed_and_its_batch_completes()
    {
        await using var host = await RunningLocalHost.StartAsync(
            storage,
            HostSettings.QueueRetries(maxDequeueCount: 2, retryDelay: TimeSpan.Zero),
            recorder => recorder.Fail("ScoreLead"));
        var api = new LeadApi(host, storage);
        var offerId = await api.CreateOfferAsync();
        var batchId = await api.UploadAsync(offerId, new LeadGenerator("doomed").Leads(3));

        var batch = await api.WaitForBatchViewAsync(batchId, InvocationTimeout);

        BatchInvariants.AssertCompleted(batch);
        Assert.Equal(3, batch.Failed);
        Assert.All(await api.LeadViewsAsync(offerId), lead => Assert.Equal(("failed", RecordPoisonedLeadFunction.Reason), (lead.Status, lead.Reasoning)));
        Assert.Equal(3 * 2, host.Recorder.Invocations.Count(i => i.FunctionName == "ScoreLead" && !i.Succeeded));
        Assert.Equal(3, host.Recorder.Invocations.Count(i => i.FunctionName == "RecordPoisonedLead" && i.Succeeded));
    }

    [Fact]
    public async Task A_message_that_is_not_a_scoring_message_is_logged_and_dropped_without_retries()
    {
        // Were it retried, a failed message would be back at once and poisoned on its second delivery.
        await using var host = await RunningLocalHost.StartAsync(storage, HostSettings.QueueRetries(maxDequeueCount: 2, retryDelay: TimeSpan.Zero));
        var queue = storage.CreateQueueServiceClient().GetQueueClient(host.ScoringQueue);
        string[] texts =
        [
            "not json at all",
            """{"offer_id":"0123456789abcdef"}""",
            """{"offer_id":"../../etc","lead_id":"x/y","batch_id":"b 1"}""",
        ];

        var sent = new List<string>();
        foreach (var text in texts)
        {
            sent.Add((await queue.SendMessageAsync(text)).Value.MessageId);
        }

        await WaitForInvocationsAsync(host, "ScoreLead", texts.Length);
        await TriggerWaits.QueueLengthAsync(queue, 0, TimeSpan.FromSeconds(10));

        // The queue is empty and nothing went to the poison queue: each message was deleted after its one delivery.
        Assert.Equal(0, await TriggerWaits.LengthAsync(PoisonQueue(host)));
        var invocations = host.Recorder.Invocations.Where(i => i.FunctionName == "ScoreLead").ToList();
        Assert.Equal(texts.Length, invocations.Count);
        Assert.All(invocations, i => Assert.True(i.Succeeded));
        Assert.Equal(texts.Order(), invocations.Select(TriggerWaits.MessageTextOf).Order());
        Assert.All(invocations, i => Assert.Equal(1, ((QueueMessage)i.Arguments["message"]!).DequeueCount));
        Assert.DoesNotContain(host.Recorder.Invocations, i => i.FunctionName == "RecordPoisonedLead");
        Assert.All(sent, id => Assert.Single(
            host.Logs.Entries,
            e => e.Level == LogLevel.Warning && e.Message.Contains(id, StringComparison.Ordinal) && e.Message.Contains("not a valid scoring message", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task A_message_that_is_not_base64_goes_to_the_poison_queue_on_its_first_delivery_without_reaching_a_function()
    {
        // A common slip: JSON sent by a client without the base64 encoding host.json asks for. The WebJobs queue client
        // cannot decode it, so it never reaches ScoreLead; the extension moves it to the poison queue at once.
        await using var host = await RunningLocalHost.StartAsync(storage);
        var raw = new QueueClient(storage.ConnectionString, host.ScoringQueue, new QueueClientOptions { MessageEncoding = QueueMessageEncoding.None });
        var text = """{"offer_id":"0123456789abcdef","lead_id":"0123456789abcdef-1","batch_id":"b1"}""";
        await raw.SendMessageAsync(text);

        await TriggerWaits.QueueLengthAsync(PoisonQueue(host), 1, InvocationTimeout);

        Assert.Equal(0, (await raw.GetPropertiesAsync()).Value.ApproximateMessagesCount);
        Assert.DoesNotContain(host.Recorder.Invocations, i => i.FunctionName is "ScoreLead" or "RecordPoisonedLead");
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("decoding has failed", StringComparison.Ordinal));
    }

    private static Task WaitForInvocationsAsync(RunningLocalHost host, string function, int count) =>
        TriggerWaits.InvocationsAsync(host, i => i.FunctionName == function, count, InvocationTimeout, $"invocations of {function}");

    private QueueClient PoisonQueue(RunningLocalHost host) => storage.CreateQueueServiceClient().GetQueueClient(LeadScoringOptions.PoisonQueueOf(host.ScoringQueue));
}
