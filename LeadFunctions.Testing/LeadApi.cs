using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using System.Text;
namespace LeadFunctions.Testing;

/// <summary>
/// The tests' one API client: the API as a user's script drives it — offers, uploads, batches, leads, operations —
/// over a host's HTTP (in this process or another), plus dropping a file into the uploads container with the storage
/// SDK when made with storage. Every wait is bounded; an unexpected status fails the test with the response body.
/// </summary>
/// <remarks>
/// Writes into the uploads container (uploads and drops) go one at a time. The polling blob trigger treats as new only
/// blobs whose Last-Modified (whole seconds) is not older than the newest one its previous scan saw, and Azurite stamps
/// Last-Modified when a write starts: with two writes in flight, the later one can be listed first and the earlier one
/// never picked up. Tests wait for batches concurrently, never write concurrently.
/// </remarks>
public sealed class LeadApi(Func<HttpClient> http, Func<BlobContainerClient>? uploads = null)
{
    public static readonly TimeSpan BatchTimeout = TimeSpan.FromSeconds(90);

    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    private static readonly SemaphoreSlim OneWriter = new(1);

    /// <summary>A client of the API only (a host in another process, a fixture's client).</summary>
    public LeadApi(HttpClient http)
        : this(() => http)
    {
    }

    /// <summary>A client of an in-process host and its storage.</summary>
    public LeadApi(RunningLocalHost host, AzuriteFixture storage)
        : this(() => host.Http, () => storage.CreateBlobServiceClient().GetBlobContainerClient(host.UploadsContainer))
    {
    }

    public HttpClient Http => http();

    public BlobContainerClient Uploads =>
        uploads?.Invoke() ?? throw new InvalidOperationException("This client was made without storage: it drives the HTTP API only.");

    public async Task<string> CreateOfferAsync(string name = "AI Outreach Automation", params string[] idealUseCases)
    {
        using var response = await Http.PostAsJsonAsync("/api/offer", new
        {
            name,
            value_props = new[] { "24/7 outreach", "6x more meetings" },
            ideal_use_cases = idealUseCases.Length == 0 ? [LeadGenerator.IdealUseCase] : idealUseCases,
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

    /// <summary>Uploads a raw <c>text/csv</c> body (with a <c>callback_url</c> when given) and returns the batch id of the 202.</summary>
    public async Task<string> UploadAsync(string offerId, string csv, string? callbackUrl = null)
    {
        var callback = callbackUrl is null ? "" : $"&callback_url={Uri.EscapeDataString(callbackUrl)}";
        using var response = await WriteAsync(() => Http.PostAsync($"/api/leads/upload?offer_id={offerId}{callback}", new StringContent(csv, Encoding.UTF8, "text/csv")));
        return (await ExpectAsync(response, HttpStatusCode.Accepted))["batch_id"]!.GetValue<string>();
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

    public async Task<JsonObject> GetBatchAsync(string batchId)
    {
        using var response = await Http.GetAsync($"/api/batches/{batchId}");
        return await ExpectAsync(response, HttpStatusCode.OK);
    }

    /// <summary>The batch, or null when the request timed out (a poll on a busy machine is no answer yet).</summary>
    public async Task<JsonObject?> TryGetBatchAsync(string batchId)
    {
        try
        {
            return await GetBatchAsync(batchId);
        }
        catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException)
        {
            return null;
        }
    }

    /// <summary>Polls the batch until <paramref name="until"/> holds (bounded) and returns what it last saw.</summary>
    public async Task<JsonObject> WaitForBatchAsync(string batchId, Func<JsonObject, bool> until, TimeSpan timeout)
    {
        JsonObject? batch = null;
        await Eventually.TrueAsync(
            async () => await TryGetBatchAsync(batchId) is { } seen && until(batch = seen),
            timeout,
            PollInterval,
            () => $"batch {batchId}; last seen {batch?.ToJsonString()}");
        return batch!;
    }

    /// <summary>Polls until the batch is <c>completed</c> or <c>failed</c>, whichever, and returns it.</summary>
    public Task<JsonObject> WaitForCompletionAsync(string batchId, TimeSpan timeout) =>
        WaitForBatchAsync(batchId, b => Status(b) is "completed" or "failed", timeout);

    /// <summary>Waits, bounded, until the batch reads completed; fails the test if it fails or times out.</summary>
    public async Task<JsonObject> WaitForCompletedBatchAsync(string batchId, TimeSpan timeout)
    {
        var batch = await WaitForCompletionAsync(batchId, timeout);
        Assert.True(Status(batch) == "completed", batch.ToJsonString());
        return batch;
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

    /// <summary><c>POST /api/leads/score</c>, then its operation until it is done; returns how many leads it queued.</summary>
    public async Task<long> ScoreAndWaitAsync(object body)
    {
        using var response = await Http.PostAsJsonAsync("/api/leads/score", body);
        var operation = await WaitForOperationAsync(response);
        Assert.Equal("completed", operation["status"]!.GetValue<string>());
        return operation["leads_queued"]!.GetValue<long>();
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

    /// <summary>The <c>count</c> of leads of a batch (one small page).</summary>
    public async Task<long> BatchLeadCountAsync(string batchId)
    {
        using var response = await Http.GetAsync($"/api/leads?batch_id={batchId}&page_size=1");
        return (await ExpectAsync(response, HttpStatusCode.OK))["count"]!.GetValue<long>();
    }

    /// <summary>Every lead of a batch through <c>GET /api/leads/results</c>, following <c>next</c>, and the <c>count</c> the first page reported.</summary>
    public async Task<(long Count, IReadOnlyList<JsonObject> Leads)> ReadLeadsAsync(string batchId)
    {
        var leads = new List<JsonObject>();
        long? count = null;
        string? next = $"/api/leads/results?batch_id={batchId}&page_size=1000";
        for (var pages = 0; next is not null; pages++)
        {
            Assert.True(pages < 1000, "results kept handing out next pages");
            using var response = await Http.GetAsync(next);
            var page = await ExpectAsync(response, HttpStatusCode.OK);
            count ??= page["count"]!.GetValue<long>();
            leads.AddRange(page["results"]!.AsArray().Select(l => l!.AsObject()));
            next = page["next"]?.GetValue<string>();
        }

        return (count ?? 0, leads);
    }

    /// <summary>One page of results as the app's record; the path may be relative or the absolute <c>next</c> URL.</summary>
    public async Task<LeadPage> GetPageAsync(string pathOrUrl)
    {
        var response = await Http.GetAsync(pathOrUrl);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{pathOrUrl}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<LeadPage>(JsonDefaults.Options))!;
    }

    /// <summary>The <c>count</c> of results matching <paramref name="query"/> (one small page).</summary>
    public async Task<long> CountAsync(string query) => (await GetPageAsync($"/api/leads/results?page_size=1&{query}")).Count;

    /// <summary>Follows <c>next</c> from the first page to the last, bounded by what <c>count</c> says there is.</summary>
    public async Task<LeadWalk> WalkAsync(string query, int pageSize, string route = "/api/leads/results")
    {
        var pages = new List<LeadPage>();
        var first = await GetPageAsync($"{route}?page_size={pageSize}&{query}");
        pages.Add(first);
        var maxPages = (first.Count / pageSize) + 2;
        while (pages[^1].Next is { } next)
        {
            Assert.True(pages.Count < maxPages, $"More than {maxPages} pages for count {first.Count} at page size {pageSize}.");
            pages.Add(await GetPageAsync(next));
        }

        return new LeadWalk(pages);
    }

    /// <summary>Polls <paramref name="condition"/> (bounded); a poll that outlasts the client's timeout on a busy machine is polled again.</summary>
    public static Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string>? describe = null) =>
        Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    return await condition();
                }
                catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException)
                {
                    return false;
                }
            },
            timeout,
            PollInterval,
            () => describe?.Invoke() ?? "the condition");

    public static string Status(JsonObject batch) => batch["status"]!.GetValue<string>();

    public static long Number(JsonNode? node, string name) => node![name]!.GetValue<long>();

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

    private static async Task<JsonObject> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }
}

/// <summary>Every page of one walk along <c>next</c>.</summary>
public sealed record LeadWalk(IReadOnlyList<LeadPage> Pages)
{
    public IReadOnlyList<LeadResponse> Items => Pages.SelectMany(p => p.Results).ToList();
}
