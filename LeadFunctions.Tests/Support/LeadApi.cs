using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using LeadFunctions.Ingest;

namespace LeadFunctions.Tests.Support;

/// <summary>
/// The input side of the API as a client uses it — offers, uploads, batches, leads — over a local host's HTTP, plus
/// dropping a file into the uploads container with the storage SDK. Every wait is bounded.
/// </summary>
/// <remarks>
/// Writes into the uploads container (uploads and drops) go one at a time. The polling blob trigger treats as new only
/// blobs whose Last-Modified (whole seconds) is not older than the newest one its previous scan saw, and Azurite stamps
/// Last-Modified when a write starts: with two writes in flight, the later one can be listed first and the earlier one
/// never picked up. Tests wait for batches concurrently, never write concurrently.
/// </remarks>
public sealed class LeadApi(RunningLocalHost host, AzuriteFixture storage)
{
    public static readonly TimeSpan BatchTimeout = TimeSpan.FromSeconds(90);

    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private static readonly SemaphoreSlim OneWriter = new(1);

    public HttpClient Http => host.Http;

    public BlobContainerClient Uploads => storage.CreateBlobServiceClient().GetBlobContainerClient(host.UploadsContainer);

    public async Task<string> CreateOfferAsync(string name = "AI Outreach Automation", params string[] idealUseCases)
    {
        using var response = await Http.PostAsJsonAsync("/api/offer", new
        {
            name,
            value_props = new[] { "24/7 outreach", "6x more meetings" },
            ideal_use_cases = idealUseCases.Length == 0 ? ["B2B SaaS"] : idealUseCases,
        });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    /// <summary>POST leads/upload with the CSV as the raw body; <paramref name="offerId"/> null leaves the query out.</summary>
    public Task<HttpResponseMessage> UploadRawAsync(string? offerId, byte[] csv, string contentType = "text/csv")
    {
        var content = new ByteArrayContent(csv);
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return WriteAsync(() => Http.PostAsync(UploadPath(offerId), content));
    }

    /// <summary>POST leads/upload as <c>multipart/form-data</c>, the CSV in the part named <paramref name="field"/>.</summary>
    public Task<HttpResponseMessage> UploadMultipartAsync(string? offerId, byte[] csv, string field = "file")
    {
        var file = new ByteArrayContent(csv);
        file.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
        var form = new MultipartFormDataContent { { file, field, "leads.csv" } };
        return WriteAsync(() => Http.PostAsync(UploadPath(offerId), form));
    }

    /// <summary>Uploads and returns the batch id of the 202.</summary>
    public async Task<string> UploadAcceptedAsync(string offerId, byte[] csv)
    {
        using var response = await UploadRawAsync(offerId, csv);
        return (await AcceptedAsync(response))["batch_id"]!.GetValue<string>();
    }

    public static async Task<JsonObject> AcceptedAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!;
    }

    /// <summary>Writes a blob into the uploads container as any storage client would, and returns the batch id it must become.</summary>
    public async Task<string> DropAsync(string blobName, BinaryData content)
    {
        var container = Uploads;
        await container.CreateIfNotExistsAsync();
        var info = (await WriteAsync(() => container.UploadBlobAsync(blobName, content))).Value;
        return BatchIds.ForBlob(container.Name, blobName, info.ETag);
    }

    /// <summary>GET batches/{id} until the batch exists and is <c>completed</c> or <c>failed</c>.</summary>
    public async Task<JsonObject> WaitForBatchAsync(string batchId, TimeSpan? timeout = null)
    {
        JsonObject? batch = null;
        await Eventually.TrueAsync(async () =>
        {
            using var response = await Http.GetAsync($"/api/batches/{batchId}");
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return false;
            }

            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            batch = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
            return batch["status"]!.GetValue<string>() is "completed" or "failed";
        }, timeout ?? BatchTimeout, PollInterval, () => $"batch {batchId} to finish; last seen: {batch?.ToJsonString() ?? "none"}");
        return batch!;
    }

    /// <summary>
    /// Takes the 202 answer of background work (rescoring, deleting an offer) and GETs its status URL until the operation
    /// is <c>completed</c> or <c>failed</c>; returns the operation.
    /// </summary>
    public Task<JsonObject> WaitForOperationAsync(HttpResponseMessage accepted, TimeSpan? timeout = null) =>
        WaitForOperationAsync(Http, accepted, timeout);

    /// <inheritdoc cref="WaitForOperationAsync(HttpResponseMessage, TimeSpan?)"/>
    public static async Task<JsonObject> WaitForOperationAsync(HttpClient http, HttpResponseMessage accepted, TimeSpan? timeout = null)
    {
        var statusUrl = (await AcceptedAsync(accepted))["status_url"]!.GetValue<string>();
        Assert.Equal(statusUrl, accepted.Headers.Location?.ToString());
        JsonObject? operation = null;
        await Eventually.TrueAsync(async () =>
        {
            operation = (await http.GetFromJsonAsync<JsonObject>(statusUrl))!;
            return operation["status"]!.GetValue<string>() is "completed" or "failed";
        }, timeout ?? BatchTimeout, PollInterval, () => $"operation {statusUrl} to finish; last seen: {operation?.ToJsonString() ?? "none"}");
        return operation!;
    }

    /// <summary>Every batch of an offer, newest first, following <c>next</c> (bounded).</summary>
    public async Task<JsonArray> ListBatchesAsync(string offerId)
    {
        var batches = new JsonArray();
        string? next = $"/api/batches?offer_id={offerId}&page_size=1000";
        for (var page = 0; next is not null && page < 100; page++)
        {
            var body = (await Http.GetFromJsonAsync<JsonObject>(next))!;
            foreach (var batch in body["results"]!.AsArray())
            {
                batches.Add(batch!.DeepClone());
            }

            next = body["next"]?.GetValue<string>();
        }

        Assert.Null(next);
        return batches;
    }

    /// <summary>Every lead of an offer, following <c>next</c> (bounded).</summary>
    public async Task<IReadOnlyList<JsonObject>> LeadsAsync(string offerId)
    {
        var leads = new List<JsonObject>();
        string? next = $"/api/leads?offer_id={offerId}&page_size=1000";
        for (var page = 0; next is not null && page < 1000; page++)
        {
            var body = (await Http.GetFromJsonAsync<JsonObject>(next))!;
            leads.AddRange(body["results"]!.AsArray().Select(l => l!.AsObject()));
            next = body["next"]?.GetValue<string>();
        }

        Assert.Null(next);
        return leads;
    }

    /// <summary>The <c>count</c> of leads matching an offer (one small page).</summary>
    public async Task<long> LeadCountAsync(string offerId) =>
        (await Http.GetFromJsonAsync<JsonObject>($"/api/leads?offer_id={offerId}&page_size=1"))!["count"]!.GetValue<long>();

    /// <summary>Runs a write into the uploads container when no other is in flight (see the remarks on this class).</summary>
    public static async Task<T> WriteAsync<T>(Func<Task<T>> write)
    {
        await OneWriter.WaitAsync();
        try
        {
            return await write();
        }
        finally
        {
            OneWriter.Release();
        }
    }

    private static string UploadPath(string? offerId) => offerId is null ? "/api/leads/upload" : $"/api/leads/upload?offer_id={offerId}";
}
