using System.Text.Json.Nodes;
namespace LeadFunctions.IntegrationTests.Callbacks;

/// <summary>The local host in its own process, as the README runs it, rules-only: a batch with a loopback callback gets one signed POST.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BatchCallbackProcessTests(AzuriteFixture storage)
{
    private const string Secret = "process-test-secret";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    [Fact]
    public async Task A_batch_with_a_loopback_callback_url_produces_one_signed_post_that_verifies()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var environment = PipelineNames.New(storage.ConnectionString).AsEnvironment(new Dictionary<string, string?>
        {
            ["Ai:Provider"] = "None",
            ["LeadScoring:WebhookSecret"] = Secret,
            ["LeadScoring:WebhookAllowLoopback"] = "true",
            ["LeadScoring:WebhookWatchDelay"] = "00:00:01",
        });
        await using var host = await LocalHostProcess.StartAsync(environment);
        var api = new LeadApi(host.Http);
        var offerId = await api.CreateOfferAsync();

        var batchId = await api.UploadAsync(offerId, new LeadGenerator("Callback").Csv(50), receiver.Url.ToString());
        var batch = await api.WaitForBatchAsync(batchId, b => b["callback"]?["status"]?.GetValue<string>() != CallbackStatus.Pending, Timeout);

        Assert.True(batch["callback"]!["status"]!.GetValue<string>() == CallbackStatus.Delivered, $"{batch.ToJsonString()}{Environment.NewLine}{host.RecentOutput}");
        var call = Assert.Single(receiver.Received);
        Assert.True(CallbackSignature.Verify(Secret, call.Body, call.Header(CallbackSignature.SignatureHeader)), "The signature does not verify.");
        Assert.Equal("batch.completed", call.Header(CallbackSignature.EventHeader));
        var sent = JsonNode.Parse(call.Body)!;
        Assert.Equal((batchId, "completed", 50L), (sent["batch_id"]!.GetValue<string>(), sent["status"]!.GetValue<string>(), sent["scored"]!.GetValue<long>()));
    }
}
