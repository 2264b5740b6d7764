using System.Collections.Concurrent;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using LeadFunctions.LocalHost.Events;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeadFunctions.IntegrationTests.LocalHost;

/// <summary>
/// The local Event Grid stand-in against Azurite and a recording webhook (no network): every write is one event,
/// including writes in the same second as a listing, an overwrite is a new event, and a restart re-sends only what
/// was not ingested.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LocalEventGridTests(AzuriteFixture storage)
{
    private static readonly Uri Webhook = new("http://127.0.0.1:7071" + BlobEventsMode.WebhookPathAndQuery);

    [Fact]
    public async Task Blobs_written_in_the_same_second_between_listings_each_get_one_event()
    {
        var container = await NewContainerAsync();
        var webhook = new RecordingWebhook();
        var standIn = StandIn(container, webhook);

        // Listings interleaved with writes 50 ms apart: many writes share a second with the listing before them.
        var names = Enumerable.Range(0, 30).Select(i => $"offer/{i:D2}.csv").ToList();
        foreach (var name in names)
        {
            await container.UploadBlobAsync(name, BinaryData.FromString("name\n"));
            if (names.IndexOf(name) % 3 == 0)
            {
                await standIn.PassAsync(CancellationToken.None);
            }

            await Task.Delay(50);
        }

        await standIn.PassAsync(CancellationToken.None);
        await standIn.PassAsync(CancellationToken.None);

        Assert.Equal(names, webhook.Events.Select(e => BlobName(e)).Order(StringComparer.Ordinal));
        foreach (var e in webhook.Events)
        {
            var properties = (await container.GetBlobClient(BlobName(e)).GetPropertiesAsync()).Value;
            Assert.Equal(properties.ETag.ToString().Trim('"'), e["data"]!["eTag"]!.GetValue<string>());
            Assert.Equal(BlobCreatedEvent.EventType, e["eventType"]!.GetValue<string>());
            Assert.Equal($"/blobServices/default/containers/{container.Name}/blobs/{BlobName(e)}", e["subject"]!.GetValue<string>());
            Assert.Equal("BlockBlob", e["data"]!["blobType"]!.GetValue<string>());
            Assert.Equal(5, e["data"]!["contentLength"]!.GetValue<long>());
        }
    }

    [Fact]
    public async Task An_overwritten_blob_gets_a_new_event_with_its_new_ETag()
    {
        var container = await NewContainerAsync();
        var webhook = new RecordingWebhook();
        var standIn = StandIn(container, webhook);
        var blob = container.GetBlobClient("offer/x.csv");

        var first = (await blob.UploadAsync(BinaryData.FromString("one\n"))).Value.ETag;
        Assert.Equal(1, await standIn.PassAsync(CancellationToken.None));
        Assert.Equal(0, await standIn.PassAsync(CancellationToken.None));
        var second = (await blob.UploadAsync(BinaryData.FromString("two\n"), overwrite: true)).Value.ETag;
        Assert.Equal(1, await standIn.PassAsync(CancellationToken.None));

        Assert.Equal([first.ToString().Trim('"'), second.ToString().Trim('"')], webhook.Events.Select(e => e["data"]!["eTag"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_restarted_stand_in_sends_again_only_the_blobs_not_yet_ingested()
    {
        var container = await NewContainerAsync();
        await container.UploadBlobAsync("offer/ingested.csv", BinaryData.FromString("a\n"));
        await container.UploadBlobAsync("offer/new.csv", BinaryData.FromString("b\n"));
        var first = new RecordingWebhook();
        Assert.Equal(2, await StandIn(container, first).PassAsync(CancellationToken.None));

        var afterRestart = new RecordingWebhook();
        var restarted = StandIn(container, afterRestart, ingested: (blob, _) => Task.FromResult(blob.Name == "offer/ingested.csv"));
        await restarted.PassAsync(CancellationToken.None);
        await restarted.PassAsync(CancellationToken.None);

        Assert.Equal(["offer/new.csv"], afterRestart.Events.Select(BlobName));
    }

    [Fact]
    public async Task A_webhook_that_refuses_an_event_gets_it_again_later_and_then_no_more()
    {
        var container = await NewContainerAsync();
        await container.UploadBlobAsync("offer/x.csv", BinaryData.FromString("a\n"));
        var webhook = new RecordingWebhook { Answer = HttpStatusCode.ServiceUnavailable };
        var standIn = StandIn(container, webhook);

        Assert.Equal(0, await standIn.PassAsync(CancellationToken.None));
        webhook.Answer = HttpStatusCode.Accepted;
        // Backs off one second after the first failure; bounded polling, not a timing assertion.
        await Eventually.TrueAsync(async () => await standIn.PassAsync(CancellationToken.None) == 1,
            TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(250), () => "the refused event to be delivered again");
        await standIn.PassAsync(CancellationToken.None);

        Assert.Equal(2, webhook.Events.Count);
        Assert.All(webhook.Events, e => Assert.Equal("offer/x.csv", BlobName(e)));
    }

    private async Task<BlobContainerClient> NewContainerAsync()
    {
        var container = storage.CreateBlobServiceClient().GetBlobContainerClient(AzuriteFixture.NewContainerName("events"));
        await container.CreateAsync();
        return container;
    }

    private static LocalEventGrid StandIn(BlobContainerClient container, RecordingWebhook webhook, Func<BlobItem, CancellationToken, Task<bool>>? ingested = null) =>
        new(container, Webhook, new HttpClient(webhook), ingested ?? ((_, _) => Task.FromResult(false)), TimeProvider.System, NullLogger<LocalEventGrid>.Instance);

    private static string BlobName(JsonNode e) =>
        e["subject"]!.GetValue<string>().Split("/blobs/", 2)[1];

    /// <summary>Records each posted event (one per request, Event Grid schema) and answers with <see cref="Answer"/>.</summary>
    private sealed class RecordingWebhook : HttpMessageHandler
    {
        private readonly ConcurrentQueue<JsonObject> _events = new();

        public HttpStatusCode Answer { get; set; } = HttpStatusCode.Accepted;

        public IReadOnlyList<JsonObject> Events => [.. _events];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Assert.Equal(Webhook, request.RequestUri);
            Assert.Equal("Notification", Assert.Single(request.Headers.GetValues("aeg-event-type")));
            var body = JsonNode.Parse(await request.Content!.ReadAsStringAsync(cancellationToken))!.AsArray();
            _events.Enqueue(Assert.Single(body)!.AsObject());
            return new HttpResponseMessage(Answer);
        }
    }
}
