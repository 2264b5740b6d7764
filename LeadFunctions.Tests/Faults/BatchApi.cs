using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadFunctions.Tests.Support;

namespace LeadFunctions.Tests.Faults;

/// <summary>
/// The pipeline's HTTP API as a user's script drives it, for the fault and corpus tests. Every call is bounded by the
/// client's timeout; an unexpected status fails the test with the response body.
/// </summary>
public sealed class BatchApi(HttpClient http)
{
    public static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(500);

    public HttpClient Http => http;

    public async Task<string> CreateOfferAsync(string name = "AI Outreach Automation")
    {
        using var response = await http.PostAsJsonAsync("/api/offer", new
        {
            name,
            value_props = new[] { "24/7 outreach", "6x more meetings" },
            ideal_use_cases = new[] { "B2B SaaS" },
        });
        return (await ExpectAsync(response, HttpStatusCode.Created))["id"]!.GetValue<string>();
    }

    /// <summary>Uploads a raw <c>text/csv</c> body (with a <c>callback_url</c> when given) and returns the batch id of the 202.</summary>
    public async Task<string> UploadAsync(string offerId, string csv, string? callbackUrl = null)
    {
        var callback = callbackUrl is null ? "" : $"&callback_url={Uri.EscapeDataString(callbackUrl)}";
        using var response = await http.PostAsync($"/api/leads/upload?offer_id={offerId}{callback}", new StringContent(csv, Encoding.UTF8, "text/csv"));
        return (await ExpectAsync(response, HttpStatusCode.Accepted))["batch_id"]!.GetValue<string>();
    }

    public async Task<JsonObject> GetBatchAsync(string batchId)
    {
        using var response = await http.GetAsync($"/api/batches/{batchId}");
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

    public Task<JsonObject> WaitForCompletionAsync(string batchId, TimeSpan timeout) =>
        WaitForBatchAsync(batchId, b => Status(b) is "completed" or "failed", timeout);

    /// <summary><c>POST /api/leads/score</c>, then its operation until it is done; returns how many leads it queued.</summary>
    public async Task<long> ScoreAsync(object body)
    {
        using var response = await http.PostAsJsonAsync("/api/leads/score", body);
        var operation = await LeadApi.WaitForOperationAsync(http, response);
        Assert.Equal("completed", operation["status"]!.GetValue<string>());
        return operation["leads_queued"]!.GetValue<long>();
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
            using var response = await http.GetAsync(next);
            var page = await ExpectAsync(response, HttpStatusCode.OK);
            count ??= page["count"]!.GetValue<long>();
            leads.AddRange(page["results"]!.AsArray().Select(l => l!.AsObject()));
            next = page["next"]?.GetValue<string>();
        }

        return (count ?? 0, leads);
    }

    public async Task<long> CountAsync(string batchId)
    {
        using var response = await http.GetAsync($"/api/leads?batch_id={batchId}&page_size=1");
        return (await ExpectAsync(response, HttpStatusCode.OK))["count"]!.GetValue<long>();
    }

    public static string Status(JsonObject batch) => batch["status"]!.GetValue<string>();

    public static long Number(JsonNode? node, string name) => node![name]!.GetValue<long>();

    private static async Task<JsonObject> ExpectAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == expected, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }
}
