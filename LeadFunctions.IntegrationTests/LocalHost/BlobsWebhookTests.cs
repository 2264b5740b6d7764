using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
using LeadFunctions.LocalHost.Events;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.IntegrationTests.LocalHost;

/// <summary>The local host with <c>LocalHost__BlobEvents=off</c> and scoring switched off, so only posted events ingest and every queued lead stays countable.</summary>
public sealed class WebhookOnlyHostFixture(AzuriteFixture storage) : LocalHostFixture(storage)
{
    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        [BlobEventsMode.SettingKey] = BlobEventsMode.Off,
        ["AzureWebJobs.ScoreLead.Disabled"] = "true",
    };
}

/// <summary>
/// <c>POST /runtime/webhooks/blobs?functionName=Host.Functions.IngestUploadedCsv</c> on the local host, handled by the
/// blobs extension's own Event Grid code: the handshakes, both event schemas, duplicates, and bad input.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobsWebhookTests(WebhookOnlyHostFixture fixture) : IClassFixture<WebhookOnlyHostFixture>
{
    private const string Webhook = BlobEventsMode.WebhookPathAndQuery;

    /// <summary>The seed: 3 rows, all accepted.</summary>
    private const int SeedLeads = 3;

    private readonly LeadApi _api = fixture.Api;

    [Fact]
    public async Task The_Event_Grid_subscription_handshake_echoes_the_validation_code()
    {
        var validation = new JsonArray(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["eventType"] = "Microsoft.EventGrid.SubscriptionValidationEvent",
            ["data"] = new JsonObject { ["validationCode"] = "512d38b6-c7b8-40c8-89fe-f46f9e9622b6" },
        });

        using var response = await PostAsync(validation, "SubscriptionValidation");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("512d38b6-c7b8-40c8-89fe-f46f9e9622b6", body["validationResponse"]!.GetValue<string>());
    }

    [Fact]
    public async Task The_CloudEvents_abuse_protection_handshake_allows_the_origin()
    {
        using var request = new HttpRequestMessage(HttpMethod.Options, Webhook);
        request.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");

        using var response = await _api.Http.SendAsync(request);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("eventgrid.azure.net", Assert.Single(response.Headers.GetValues("WebHook-Allowed-Origin")));
    }

    [Fact]
    public async Task A_blob_is_ingested_only_once_an_Event_Grid_event_names_it_and_posting_it_again_adds_nothing()
    {
        var (offerId, name, batchId) = await DropSeedAsync();
        var queuedBefore = await QueuedAsync();

        // Nothing watches the container: well past the stand-in's two seconds, the blob is still no batch.
        await Task.Delay(TimeSpan.FromSeconds(4));
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Http.GetAsync($"/api/batches/{batchId}")).StatusCode);

        var created = await EventGridEventAsync(name);
        using (var accepted = await PostAsync(new JsonArray(created)))
        {
            Assert.Equal(HttpStatusCode.Accepted, accepted.StatusCode);
        }

        await WaitIngestedAsync(batchId);
        using (var again = await PostAsync(new JsonArray(created.DeepClone())))
        {
            Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        }

        await AssertOneBatchAsync(offerId, batchId, queuedBefore);
    }

    [Fact]
    public async Task A_single_CloudEvent_is_ingested_like_an_Event_Grid_event()
    {
        var (offerId, name, batchId) = await DropSeedAsync();
        var queuedBefore = await QueuedAsync();
        var eventGrid = await EventGridEventAsync(name);
        var cloudEvent = new JsonObject
        {
            ["specversion"] = "1.0",
            ["type"] = BlobCreatedEvent.EventType,
            ["source"] = eventGrid["topic"]!.GetValue<string>(),
            ["subject"] = eventGrid["subject"]!.GetValue<string>(),
            ["id"] = Guid.NewGuid().ToString(),
            ["time"] = DateTimeOffset.UtcNow.ToString("O"),
            ["data"] = eventGrid["data"]!.DeepClone(),
        };

        using var response = await PostAsync(cloudEvent);

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        await WaitIngestedAsync(batchId);
        await AssertOneBatchAsync(offerId, batchId, queuedBefore);
    }

    [Fact]
    public async Task The_same_event_delivered_twice_at_once_makes_one_batch_and_queues_each_lead_once()
    {
        var (offerId, name, batchId) = await DropSeedAsync();
        var queuedBefore = await QueuedAsync();
        var created = await EventGridEventAsync(name);

        var responses = await Task.WhenAll(PostAsync(new JsonArray(created.DeepClone())), PostAsync(new JsonArray(created.DeepClone())));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Accepted, r.StatusCode));
        await WaitIngestedAsync(batchId);
        // Both deliveries ran (or the second found the batch done); neither queued a lead twice.
        await Eventually.TrueAsync(
            async () => fixture.Host.Recorder.Invocations.Count(i => i.FunctionName == "IngestUploadedCsv" && Equals(i.Arguments.GetValueOrDefault("name"), name)) == 2,
            LeadApi.BatchTimeout, TimeSpan.FromMilliseconds(200), () => $"both deliveries of {name} to run");
        await AssertOneBatchAsync(offerId, batchId, queuedBefore);
    }

    [Fact]
    public async Task An_event_for_a_blob_that_does_not_exist_is_accepted_and_changes_nothing()
    {
        var (offerId, name, batchId) = await DropSeedAsync();
        var queuedBefore = await QueuedAsync();
        var missing = await EventGridEventAsync(name);
        missing["data"]!["url"] = _api.Uploads.GetBlobClient($"{offerId}/never-written.csv").Uri.AbsoluteUri;

        using (var response = await PostAsync(new JsonArray(missing)))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        }

        // The real blob's event, posted after it, is handled; the missing one left no batch and queued nothing.
        using (var real = await PostAsync(new JsonArray(await EventGridEventAsync(name))))
        {
            Assert.Equal(HttpStatusCode.Accepted, real.StatusCode);
        }

        await WaitIngestedAsync(batchId);
        await AssertOneBatchAsync(offerId, batchId, queuedBefore);
    }

    [Fact]
    public async Task An_unknown_function_name_is_a_404_problem()
    {
        var (_, name, _) = await DropSeedAsync();
        var created = new JsonArray(await EventGridEventAsync(name));

        foreach (var functionName in new[] { "Host.Functions.NoSuchFunction", "Host.Functions.ScoreLead", "" })
        {
            using var response = await PostAsync(created.DeepClone(), path: $"/runtime/webhooks/blobs?functionName={functionName}");
            var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound);
            Assert.Contains("Host.Functions.IngestUploadedCsv", problem["detail"]!.GetValue<string>());
        }

        using var noExtension = await PostAsync(created.DeepClone(), path: "/runtime/webhooks/eventgrid?functionName=Host.Functions.IngestUploadedCsv");
        await ProblemAssert.IsAsync(noExtension, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_malformed_delivery_is_a_400_problem_and_queues_nothing()
    {
        var (offerId, name, batchId) = await DropSeedAsync();
        var good = await EventGridEventAsync(name);
        JsonNode Without(string field)
        {
            var e = good.DeepClone().AsObject();
            e["data"]!.AsObject().Remove(field);
            return new JsonArray(e);
        }

        JsonNode WithUrl(string url)
        {
            var e = good.DeepClone().AsObject();
            e["data"]!["url"] = url;
            return new JsonArray(e);
        }

        (string Body, string? EventType)[] cases =
        [
            ("{not json", "Notification"),
            ("\"a string\"", "Notification"),
            ("[1, 2]", "Notification"),
            ("[{\"id\": \"x\"}]", "Notification"),
            (Without("url").ToJsonString(), "Notification"),
            (Without("blobType").ToJsonString(), "Notification"),
            (Without("eTag").ToJsonString(), "Notification"),
            (WithUrl("not a url").ToJsonString(), "Notification"),
            (WithUrl($"http://127.0.0.1:10000/devstoreaccount1/another-container/{name}").ToJsonString(), "Notification"),
            // A good event after a bad one: the batch is refused whole, nothing of it queued.
            (new JsonArray(good.DeepClone(), JsonNode.Parse("{\"data\": {}}")).ToJsonString(), "Notification"),
            (new JsonArray(good.DeepClone()).ToJsonString(), null),
            (new JsonArray(good.DeepClone()).ToJsonString(), "SomethingElse"),
            ("[{\"data\": {}}]", "SubscriptionValidation"),
        ];

        foreach (var (body, eventType) in cases)
        {
            using var response = await PostRawAsync(body, eventType);
            await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest);
        }

        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Equal(HttpStatusCode.NotFound, (await _api.Http.GetAsync($"/api/batches/{batchId}")).StatusCode);
        Assert.Equal(0, await _api.LeadCountAsync(offerId));
    }

    [Fact]
    public async Task The_blob_events_command_alone_feeds_another_hosts_webhook()
    {
        // As against `func start`: the stand-in in its own host, the functions in another, the same storage.
        var settings = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = fixture.Storage.ConnectionString,
            ["LeadScoring:UploadsContainer"] = fixture.Host.UploadsContainer,
            ["LeadScoring:TablePrefix"] = fixture.Host.Services.GetRequiredService<IConfiguration>()["LeadScoring:TablePrefix"],
        };
        var webhook = new Uri(_api.Http.BaseAddress!, Webhook).AbsoluteUri;
        // The stand-in posts an event for every blob it finds that no batch has started: blobs the other tests of this
        // class left un-ingested on purpose (bad events only) would be ingested now and queue leads of their own.
        await foreach (var blob in _api.Uploads.GetBlobsAsync())
        {
            await _api.Uploads.DeleteBlobIfExistsAsync(blob.Name);
        }

        using var stop = new CancellationTokenSource(LeadApi.BatchTimeout * 2);
        var command = BlobEventsCommand.RunAsync(["--webhook", webhook], settings, stop.Token);
        try
        {
            var queuedBefore = await QueuedAsync();
            var (offerId, _, batchId) = await DropSeedAsync();

            await WaitIngestedAsync(batchId);

            await AssertOneBatchAsync(offerId, batchId, queuedBefore);
        }
        finally
        {
            await stop.CancelAsync();
            Assert.Equal(0, await command);
        }
    }

    private async Task<(string OfferId, string Name, string BatchId)> DropSeedAsync()
    {
        var offerId = await _api.CreateOfferAsync();
        var name = $"{offerId}/leads-{Guid.NewGuid():N}.csv";
        return (offerId, name, await _api.DropAsync(name, BinaryData.FromString(CsvCorpus.Seed)));
    }

    private async Task<JsonObject> EventGridEventAsync(string name)
    {
        var container = _api.Uploads;
        var item = await container.GetBlobsAsync(new GetBlobsOptions { Prefix = name }).SingleAsync(b => b.Name == name);
        return BlobCreatedEvent.For(container, item, DateTimeOffset.UtcNow);
    }

    private Task<HttpResponseMessage> PostAsync(JsonNode body, string eventType = "Notification", string path = Webhook) =>
        PostRawAsync(body.ToJsonString(), eventType, path);

    private Task<HttpResponseMessage> PostRawAsync(string body, string? eventType, string path = Webhook)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        if (eventType is not null)
        {
            request.Headers.Add("aeg-event-type", eventType);
        }

        return _api.Http.SendAsync(request);
    }

    private async Task<int> QueuedAsync() =>
        (await fixture.Storage.CreateQueueServiceClient().GetQueueClient(fixture.Host.ScoringQueue).GetPropertiesAsync()).Value.ApproximateMessagesCount;

    /// <summary>Scoring is off, so an ingested batch stays <c>scoring</c>.</summary>
    private async Task WaitIngestedAsync(string batchId)
    {
        string? status = null;
        await Eventually.TrueAsync(async () =>
        {
            using var response = await _api.Http.GetAsync($"/api/batches/{batchId}");
            status = response.IsSuccessStatusCode ? (await response.Content.ReadFromJsonAsync<JsonObject>())!["status"]!.GetValue<string>() : null;
            return status is not (null or "ingesting");
        }, LeadApi.BatchTimeout, TimeSpan.FromMilliseconds(200), () => $"batch {batchId} to be ingested; last status {status ?? "none"}");
    }

    private async Task AssertOneBatchAsync(string offerId, string batchId, int queuedBefore)
    {
        var listed = await _api.ListBatchesAsync(offerId);
        Assert.Equal([batchId], listed.Select(b => b!["batch_id"]!.GetValue<string>()));
        Assert.Equal("scoring", listed[0]!["status"]!.GetValue<string>());
        Assert.Equal(SeedLeads, listed[0]!["rows_accepted"]!.GetValue<long>());
        var leads = await _api.LeadsAsync(offerId);
        Assert.Equal(SeedLeads, leads.Select(l => l["id"]!.GetValue<string>()).Distinct().Count());
        Assert.Equal(SeedLeads, leads.Count);
        Assert.Equal(queuedBefore + SeedLeads, await QueuedAsync());
    }
}
