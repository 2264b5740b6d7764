using System.Diagnostics;
using System.Text.Json;
using Azure.Storage.Queues.Models;
using LeadFunctions.LocalHost.Events;
using Xunit.Abstractions;

namespace LeadFunctions.IntegrationTests.LocalHost;

[Collection(AzuriteCollection.Name)]
public sealed class LocalHostTriggerTests(AzuriteFixture storage, ITestOutputHelper output)
{
    private static readonly TimeSpan PickupTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task A_scoring_queue_message_reaches_the_ScoreLead_function()
    {
        await using var host = await RunningLocalHost.StartAsync(storage);
        var queue = storage.CreateQueueServiceClient().GetQueueClient(host.ScoringQueue);
        var text = JsonSerializer.Serialize(new ScoreLeadMessage("offer-1", "lead-1", "batch-1"), JsonDefaults.Options);

        await queue.SendMessageAsync(text);
        var invocation = await host.Recorder.WaitForAsync(i => i.FunctionName == "ScoreLead", PickupTimeout);

        Assert.True(invocation.Succeeded);
        Assert.Equal(text, Assert.IsType<QueueMessage>(invocation.Arguments["message"]).MessageText);
        await WaitUntilEmptyAsync(queue);
    }

    [Fact]
    public async Task A_message_that_keeps_failing_goes_to_the_poison_queue_and_reaches_RecordPoisonedLead()
    {
        var settings = new Dictionary<string, string?>
        {
            // The host.json keys the Functions host reads, overridden as an app setting would in Azure.
            ["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "2",
            ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = "00:00:00",
        };
        await using var host = await RunningLocalHost.StartAsync(storage, settings, recorder => recorder.Fail("ScoreLead"));
        var queue = storage.CreateQueueServiceClient().GetQueueClient(host.ScoringQueue);

        await queue.SendMessageAsync("poison me");
        var poisoned = await host.Recorder.WaitForAsync(i => i.FunctionName == "RecordPoisonedLead", PickupTimeout);

        Assert.True(poisoned.Succeeded);
        var message = Assert.IsType<QueueMessage>(poisoned.Arguments["message"]);
        Assert.Equal("poison me", message.MessageText);
        Assert.Equal(2, host.Recorder.Invocations.Count(i => i.FunctionName == "ScoreLead" && !i.Succeeded));
    }

    [Fact]
    public async Task A_blob_dropped_under_an_offer_folder_reaches_IngestUploadedCsv_once_with_its_nested_name()
    {
        // Through the default path: the host's Event Grid stand-in notices the blob and posts to its own webhook.
        await using var host = await RunningLocalHost.StartAsync(storage);
        var container = storage.CreateBlobServiceClient().GetBlobContainerClient(host.UploadsContainer);
        var name = $"offer-{Guid.NewGuid():N}/x.csv";

        var dropped = Stopwatch.StartNew();
        await container.UploadBlobAsync(name, BinaryData.FromString("name,role,company,industry,location,linkedin_bio\n"));
        var invocation = await host.Recorder.WaitForAsync(i => i.FunctionName == "IngestUploadedCsv", PickupTimeout);
        output.WriteLine($"Blob trigger picked up {name} after {dropped.ElapsedMilliseconds} ms.");

        Assert.True(invocation.Succeeded);
        Assert.Equal(name, invocation.Arguments["name"]);
        Assert.Equal(name, Assert.IsType<Azure.Storage.Blobs.BlobClient>(invocation.Arguments["blob"]).Name);

        // Several more listings of the stand-in later, still the one event: exactly once.
        await Task.Delay(LocalEventGrid.Interval * 4);
        Assert.Single(host.Recorder.Invocations, i => i.FunctionName == "IngestUploadedCsv" && Equals(i.Arguments.GetValueOrDefault("name"), name));
    }

    /// <summary>How long a dropped blob takes to reach the function through the stand-in and the webhook.</summary>
    [MeasureFact]
    [Trait("Category", "Measure")]
    public async Task Measure_how_soon_a_dropped_blob_reaches_IngestUploadedCsv()
    {
        await using var host = await RunningLocalHost.StartAsync(storage);
        var container = storage.CreateBlobServiceClient().GetBlobContainerClient(host.UploadsContainer);
        var latencies = new List<long>();
        for (var i = 0; i < 20; i++)
        {
            var name = $"offer-{Guid.NewGuid():N}/x.csv";
            var dropped = Stopwatch.StartNew();
            await container.UploadBlobAsync(name, BinaryData.FromString("name,role,company,industry,location,linkedin_bio\n"));
            await host.Recorder.WaitForAsync(inv => inv.FunctionName == "IngestUploadedCsv" && Equals(inv.Arguments.GetValueOrDefault("name"), name), PickupTimeout);
            latencies.Add(dropped.ElapsedMilliseconds);
            // Spread the drops over the stand-in's listing interval.
            await Task.Delay(137 * (i % 7));
        }

        latencies.Sort();
        output.WriteLine($"Drop to IngestUploadedCsv, 20 blobs: min {latencies[0]} ms, median {latencies[10]} ms, max {latencies[^1]} ms.");
    }

    private static async Task WaitUntilEmptyAsync(Azure.Storage.Queues.QueueClient queue)
    {
        // The trigger deletes a message after the function succeeds, just after the filter sees it finish.
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if ((await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0)
            {
                return;
            }

            await Task.Delay(100);
        }

        Assert.Fail($"{queue.Name} still holds the message after the function succeeded.");
    }
}
