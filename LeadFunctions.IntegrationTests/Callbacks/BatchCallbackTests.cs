using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LeadFunctions.IntegrationTests.Callbacks;

/// <summary>
/// Batch-end callbacks through the local host, to a receiver on 127.0.0.1: signed, retried, given up, refused for
/// private and plain-http URLs, and made once however many messages ask for them.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BatchCallbackTests(BatchCallbackFixture fixture) : IClassFixture<BatchCallbackFixture>
{
    private static readonly byte[] Seed = Encoding.UTF8.GetBytes(CsvCorpus.Seed);
    private static readonly TimeSpan CallbackTimeout = TimeSpan.FromSeconds(90);

    private readonly LeadApi _api = fixture.Api;

    [Fact]
    public async Task An_uploads_callback_gets_one_signed_post_of_the_batch_json_when_the_batch_completes()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var offerId = await _api.CreateOfferAsync();

        var batchId = await UploadAsync(offerId, receiver.Url.ToString());
        var batch = await WaitForCallbackAsync(batchId, CallbackStatus.Delivered);

        var call = Assert.Single(receiver.Received);
        Assert.True(CallbackSignature.Verify(BatchCallbackFixture.Secret, call.Body, call.Header(CallbackSignature.SignatureHeader)), "The signature does not verify.");
        Assert.Matches("^sha256=[0-9a-f]{64}$", call.Header(CallbackSignature.SignatureHeader));
        Assert.StartsWith("application/json", call.Header("Content-Type"));
        Assert.Equal("batch.completed", call.Header(CallbackSignature.EventHeader));
        Assert.Equal($"{batchId}.completed", call.Header(CallbackSignature.DeliveryHeader));

        var sent = JsonNode.Parse(call.Body)!.AsObject();
        Assert.Equal(batchId, sent["batch_id"]!.GetValue<string>());
        Assert.Equal("completed", sent["status"]!.GetValue<string>());
        Assert.Equal(sent["rows_accepted"]!.GetValue<long>(), sent["scored"]!.GetValue<long>() + sent["failed"]!.GetValue<long>());
        Assert.Equal(receiver.Url.ToString(), sent["callback"]!["url"]!.GetValue<string>());
        Assert.Equal((CallbackStatus.Pending, 1), (sent["callback"]!["status"]!.GetValue<string>(), sent["callback"]!["attempts"]!.GetValue<int>()));

        var callback = batch["callback"]!;
        Assert.Equal(1, callback["attempts"]!.GetValue<int>());
        Assert.Equal(200, callback["last_status"]!.GetValue<int>());
        Assert.Null(callback["last_error"]);
        Assert.NotNull(callback["delivered_at"]);
        Assert.DoesNotContain(BatchCallbackFixture.Secret, batch.ToJsonString());
    }

    [Fact]
    public async Task A_failing_receiver_is_called_again_with_the_same_delivery_id_until_it_answers_2xx()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.Enqueue(500);
        var offerId = await _api.CreateOfferAsync();

        var batchId = await UploadAsync(offerId, receiver.Url.ToString());
        var batch = await WaitForCallbackAsync(batchId, CallbackStatus.Delivered);

        Assert.Equal(2, batch["callback"]!["attempts"]!.GetValue<int>());
        Assert.Equal(200, batch["callback"]!["last_status"]!.GetValue<int>());
        var calls = receiver.Received;
        Assert.Equal(new[] { 500, 200 }, calls.Select(c => c.AnsweredWith));
        Assert.All(calls, c => Assert.Equal($"{batchId}.completed", c.Header(CallbackSignature.DeliveryHeader)));
        Assert.All(calls, c => Assert.True(CallbackSignature.Verify(BatchCallbackFixture.Secret, c.Body, c.Header(CallbackSignature.SignatureHeader))));
        Assert.Equal(new[] { 1, 2 }, calls.Select(c => JsonNode.Parse(c.Body)!["callback"]!["attempts"]!.GetValue<int>()));
    }

    [Fact]
    public async Task A_receiver_that_keeps_failing_is_given_up_after_the_bounded_time_and_the_batch_says_so()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        receiver.DefaultStatus = 503;
        var offerId = await _api.CreateOfferAsync();

        var batchId = await UploadAsync(offerId, receiver.Url.ToString());
        var batch = await WaitForCallbackAsync(batchId, CallbackStatus.Failed);

        var callback = batch["callback"]!;
        var attempts = callback["attempts"]!.GetValue<int>();
        Assert.InRange(attempts, 2, 3);
        Assert.Equal(503, callback["last_status"]!.GetValue<int>());
        Assert.Contains("503", callback["last_error"]!.GetValue<string>());
        Assert.Null(callback["delivered_at"]);
        Assert.Equal(attempts, receiver.Received.Count);
        Assert.All(receiver.Received, c => Assert.Equal($"{batchId}.completed", c.Header(CallbackSignature.DeliveryHeader)));

        // Given up means no further call, however long one waits.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.Equal(attempts, receiver.Received.Count);
    }

    [Fact]
    public async Task A_dropped_file_that_fails_for_its_header_calls_its_offers_callback_with_batch_failed()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var offerId = await CreateOfferAsync(receiver.Url.ToString());
        var offer = (await _api.Http.GetFromJsonAsync<JsonObject>($"/api/offer/{offerId}"))!;
        Assert.Equal(receiver.Url.ToString(), offer["callback_url"]!.GetValue<string>());

        var batchId = await _api.DropAsync($"{offerId}/no-header.csv", BinaryData.FromString("first,second\n1,2\n"));
        var batch = await WaitForCallbackAsync(batchId, CallbackStatus.Delivered);

        Assert.Equal("failed", batch["status"]!.GetValue<string>());
        var call = Assert.Single(receiver.Received);
        Assert.Equal("batch.failed", call.Header(CallbackSignature.EventHeader));
        Assert.Equal($"{batchId}.failed", call.Header(CallbackSignature.DeliveryHeader));
        Assert.True(CallbackSignature.Verify(BatchCallbackFixture.Secret, call.Body, call.Header(CallbackSignature.SignatureHeader)));
        Assert.Equal("failed", JsonNode.Parse(call.Body)!["status"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_uploads_url_wins_over_the_offers_and_a_batch_without_either_has_callback_null()
    {
        await using var offerReceiver = await CallbackReceiver.StartAsync();
        await using var uploadReceiver = await CallbackReceiver.StartAsync();
        var offerId = await CreateOfferAsync(offerReceiver.Url.ToString());

        var batchId = await UploadAsync(offerId, uploadReceiver.Url.ToString());
        await WaitForCallbackAsync(batchId, CallbackStatus.Delivered);
        Assert.Single(uploadReceiver.Received);
        Assert.Empty(offerReceiver.Received);

        var plainOffer = await _api.CreateOfferAsync();
        var plain = await _api.WaitForBatchAsync(await _api.UploadAcceptedAsync(plainOffer, Seed));
        Assert.True(plain.ContainsKey("callback"));
        Assert.Null(plain["callback"]);
    }

    [Theory]
    [InlineData("http://hooks.example.com/x")]
    [InlineData("https://10.0.0.1/x")]
    [InlineData("https://169.254.169.254/latest/meta-data")]
    [InlineData("https://100.64.0.1/x")]
    [InlineData("https://[fd00::1]/x")]
    [InlineData("https://[::ffff:192.168.0.1]/x")]
    [InlineData("https://user:pass@hooks.example.com/x")]
    [InlineData("ftp://hooks.example.com/x")]
    public async Task Private_and_non_https_urls_are_refused_on_upload_and_on_offers(string url)
    {
        var offerId = await _api.CreateOfferAsync();

        using (var upload = await _api.Http.PostAsync(
            $"/api/leads/upload?offer_id={offerId}&callback_url={Uri.EscapeDataString(url)}", Csv(Seed)))
        {
            await ProblemAssert.IsValidationAsync(upload, "callback_url");
        }

        Assert.Empty(await _api.ListBatchesAsync(offerId));
        using (var create = await _api.Http.PostAsJsonAsync("/api/offer", new { name = "Hooked", callback_url = url }))
        {
            await ProblemAssert.IsValidationAsync(create, "callback_url");
        }

        using (var update = await _api.Http.PutAsJsonAsync($"/api/offer/{offerId}", new { name = "Hooked", callback_url = url }))
        {
            await ProblemAssert.IsValidationAsync(update, "callback_url");
        }

        var offer = (await _api.Http.GetFromJsonAsync<JsonObject>($"/api/offer/{offerId}"))!;
        Assert.Null(offer["callback_url"]);
    }

    [Fact]
    public async Task Duplicate_watch_and_attempt_messages_make_no_second_call()
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var offerId = await _api.CreateOfferAsync();
        var batchId = await UploadAsync(offerId, receiver.Url.ToString());

        // Copies of the watch message, racing the real one for the first attempt when the batch ends.
        var queue = WebhookQueueClient();
        for (var i = 0; i < 3; i++)
        {
            await queue.SendMessageAsync(JsonSerializer.Serialize(new BatchCallbackMessage(batchId), JsonDefaults.Options));
        }

        await WaitForCallbackAsync(batchId, CallbackStatus.Delivered);

        // And, once it is delivered, late copies of the watch and of the attempt.
        await queue.SendMessageAsync(JsonSerializer.Serialize(new BatchCallbackMessage(batchId), JsonDefaults.Options));
        await queue.SendMessageAsync(JsonSerializer.Serialize(new BatchCallbackMessage(batchId, Attempt: 1), JsonDefaults.Options));
        await Eventually.TrueAsync(
            async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0,
            TimeSpan.FromSeconds(60),
            TimeSpan.FromMilliseconds(250),
            () => "The webhook queue was not drained.");

        Assert.Single(receiver.Received);
        var batch = await GetBatchAsync(batchId);
        Assert.Equal(1, batch["callback"]!["attempts"]!.GetValue<int>());
    }

    [Theory]
    [InlineData("blob trigger")]
    [InlineData("segment")]
    public async Task A_callback_whose_start_was_lost_when_ingest_ended_is_started_by_the_retry_of_the_work_that_ended_it(string retry)
    {
        await using var receiver = await CallbackReceiver.StartAsync();
        var offerId = await CreateOfferAsync(receiver.Url.ToString());
        // A container no trigger watches and an ingest queue no trigger reads, so only these calls ingest the blob.
        var container = fixture.Storage.CreateBlobServiceClient().GetBlobContainerClient(AzuriteFixture.NewContainerName("lost-start"));
        await container.CreateAsync();
        var name = $"{offerId}/leads.csv";
        var info = (await container.UploadBlobAsync(name, BinaryData.FromBytes(Seed))).Value;
        var blob = container.GetBlobClient(name);
        var batchId = BatchIds.ForBlob(container.Name, name, info.ETag);
        var services = fixture.Host.Services;
        var unwatched = new IngestQueue(fixture.Storage.CreateQueueServiceClient(), Options.Create(new LeadScoringOptions { IngestQueue = AzuriteFixture.NewQueueName("ingest") }));

        // Ingest ends but its callback cannot be queued (as if the run died right after saving the batch): nothing answers there.
        var nowhere = new Azure.Storage.Queues.QueueServiceClient(
            new Uri("http://127.0.0.1:9/devstoreaccount1"), new Azure.Storage.Queues.QueueClientOptions { Retry = { MaxRetries = 0 } });
        var lostStart = ActivatorUtilities.CreateInstance<BatchCallbacks>(services, new WebhookQueue(nowhere, services.GetRequiredService<IOptions<LeadScoringOptions>>()));
        var segments = ActivatorUtilities.CreateInstance<BatchSegments>(services, lostStart);
        var planner = ActivatorUtilities.CreateInstance<SegmentPlanner>(services, segments, unwatched);
        await ActivatorUtilities.CreateInstance<BatchIngestor>(services, segments, planner, unwatched, lostStart).IngestAsync(blob, name, CancellationToken.None);
        var segment = new IngestMessage(batchId, IngestMessage.Ingest, 0);
        await ActivatorUtilities.CreateInstance<SegmentIngestor>(services, segments, unwatched).IngestAsync(segment, CancellationToken.None);
        var stranded = await GetBatchAsync(batchId);
        Assert.NotEqual("ingesting", stranded["status"]!.GetValue<string>());
        Assert.Equal(CallbackStatus.Pending, stranded["callback"]!["status"]!.GetValue<string>());
        Assert.Equal(0, stranded["callback"]!["attempts"]!.GetValue<int>());

        // The retry (a duplicate event or the segment's message delivered again) finds the batch ingested and starts the callback.
        if (retry == "segment")
        {
            await services.GetRequiredService<SegmentIngestor>().IngestAsync(segment, CancellationToken.None);
        }
        else
        {
            await services.GetRequiredService<BatchIngestor>().IngestAsync(blob, name, CancellationToken.None);
        }

        var batch = await WaitForCallbackAsync(batchId, CallbackStatus.Delivered);
        Assert.Equal("completed", batch["status"]!.GetValue<string>());
        Assert.Single(receiver.Received);
    }

    private Azure.Storage.Queues.QueueClient WebhookQueueClient() =>
        fixture.Storage.CreateQueueServiceClient().GetQueueClient(fixture.Host.Services.GetRequiredService<IOptions<LeadScoringOptions>>().Value.WebhookQueue);

    private async Task<string> UploadAsync(string offerId, string callbackUrl)
    {
        using var response = await _api.Http.PostAsync($"/api/leads/upload?offer_id={offerId}&callback_url={Uri.EscapeDataString(callbackUrl)}", Csv(Seed));
        var accepted = await LeadApi.AcceptedAsync(response);
        return accepted["batch_id"]!.GetValue<string>();
    }

    private async Task<string> CreateOfferAsync(string callbackUrl)
    {
        using var response = await _api.Http.PostAsJsonAsync("/api/offer", new { name = "Hooked offer", ideal_use_cases = new[] { "B2B SaaS" }, callback_url = callbackUrl });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    private static ByteArrayContent Csv(byte[] csv)
    {
        var content = new ByteArrayContent(csv);
        content.Headers.ContentType = new("text/csv");
        return content;
    }

    private async Task<JsonObject> GetBatchAsync(string batchId) =>
        (await _api.Http.GetFromJsonAsync<JsonObject>($"/api/batches/{batchId}"))!;

    /// <summary>GET the batch until its callback reads <paramref name="status"/>.</summary>
    private async Task<JsonObject> WaitForCallbackAsync(string batchId, string status)
    {
        JsonObject? batch = null;
        await Eventually.TrueAsync(
            async () =>
            {
                using var response = await _api.Http.GetAsync($"/api/batches/{batchId}");
                batch = response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonObject>() : null;
                return batch?["callback"]?["status"]?.GetValue<string>() == status;
            },
            CallbackTimeout,
            TimeSpan.FromMilliseconds(250),
            () => $"The callback of batch {batchId} did not become {status}: {batch?.ToJsonString()}");
        return batch!;
    }
}
