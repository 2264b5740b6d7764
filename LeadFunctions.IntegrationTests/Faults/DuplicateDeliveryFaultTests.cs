using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace LeadFunctions.IntegrationTests.Faults;

/// <summary>Azure queues deliver at least once: every scoring message of a batch delivered twice changes nothing.</summary>
[Collection(FaultsCollection.Name)]
[Trait("Category", FaultsCollection.Name)]
public sealed class DuplicateDeliveryFaultTests(AzuriteFixture storage, ITestOutputHelper output)
{
    [Fact]
    public async Task Every_scoring_message_delivered_twice_leaves_each_lead_once_counted_once_and_classified_once()
    {
        const int Leads = 300;
        await using var ai = await FakeOpenAiServer.StartAsync();

        // A model's latency keeps a backlog in the queue, so the duplicator can copy messages while the host consumes them.
        ai.Latency = TimeSpan.FromMilliseconds(150);
        await using var host = await RunningLocalHost.StartAsync(storage, FakeAiSettings.For(ai));
        var api = new LeadApi(host.Http);
        var names = PipelineNames.Of(host, storage.ConnectionString);
        var queue = names.Queue(names.ScoringQueue);
        var offerId = await api.CreateOfferAsync();

        var clock = Stopwatch.StartNew();
        string batchId;
        var duplicator = QueueDuplicator.Start(queue);
        try
        {
            batchId = await api.UploadAsync(offerId, new LeadGenerator("Fault").Csv(Leads));
            await api.WaitForCompletionAsync(batchId, TimeSpan.FromMinutes(5));
        }
        finally
        {
            await duplicator.DisposeAsync();
        }

        var copiedWhileScoring = duplicator.CopiedLeads;
        var completedAfter = clock.Elapsed;

        var first = await BatchGuarantees.AssertSettledAsync(api, names, offerId, batchId, Leads);

        // The messages the host took before the duplicator saw them are delivered a second time now, after scoring.
        var late = first.Leads.Select(l => l["id"]!.GetValue<string>()).Except(copiedWhileScoring).ToList();
        await Task.WhenAll(late.Select(leadId =>
            queue.SendMessageAsync(JsonSerializer.Serialize(new ScoreLeadMessage(offerId, leadId, batchId), JsonDefaults.Options))));
        await Eventually.TrueAsync(
            async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            TimeSpan.FromSeconds(60),
            LeadApi.PollInterval,
            () => "the scoring queue to drain");

        output.WriteLine($"Completed after {completedAfter.TotalSeconds:0} s with {copiedWhileScoring.Count} messages copied while scoring; "
            + $"{late.Count} copied after, drained after {clock.Elapsed.TotalSeconds:0} s; AI calls {ai.CallCount}.");
        var second = await BatchGuarantees.AssertSettledAsync(api, names, offerId, batchId, Leads);
        Assert.NotEmpty(copiedWhileScoring);
        Assert.Equal(Leads, copiedWhileScoring.Count + late.Count);
        Assert.All(second.Leads, lead => Assert.Equal("scored", lead["status"]!.GetValue<string>()));

        // A repeated delivery finds the lead scored and leaves it exactly as it was: same score, same time, one AI call.
        Assert.Equal(
            first.Leads.Select(Snapshot).Order(StringComparer.Ordinal),
            second.Leads.Select(Snapshot).Order(StringComparer.Ordinal));
        Assert.Equal(Leads, ai.CallCount);
    }

    private static string Snapshot(JsonObject lead) =>
        $"{lead["id"]} {lead["score"]} {lead["intent"]} {lead["scored_at"]} {lead["reasoning"]}";
}
