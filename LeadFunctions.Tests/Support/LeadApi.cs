using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using LeadFunctions.Http;
using LeadFunctions.Model;
using LeadFunctions.Scoring;

namespace LeadFunctions.Tests.Support;

/// <summary>
/// Typed calls to a running local host's HTTP API (snake_case JSON read into the app's own response records), with
/// bounded polling for the asynchronous parts of the pipeline.
/// </summary>
public sealed class LeadApi(HttpClient http)
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(90);

    /// <summary>Creates an offer whose ideal use case is <c>B2B SaaS</c> (the seed's) and returns its id.</summary>
    public async Task<string> CreateOfferAsync()
    {
        var response = await http.PostAsJsonAsync("/api/offer", new
        {
            name = "AI Outreach Automation",
            value_props = new[] { "24/7 outreach", "6x more meetings" },
            ideal_use_cases = new[] { "B2B SaaS" },
        });
        await EnsureStatusAsync(response, HttpStatusCode.Created);
        var offer = await response.Content.ReadFromJsonAsync<OfferResponse>(JsonDefaults.Options);
        return offer!.Id;
    }

    /// <summary>Uploads a raw <c>text/csv</c> body for the offer; returns the 202 answer.</summary>
    public async Task<UploadAccepted> UploadAsync(string offerId, string csv)
    {
        var response = await http.PostAsync($"/api/leads/upload?offer_id={offerId}", new StringContent(csv, Encoding.UTF8, "text/csv"));
        await EnsureStatusAsync(response, HttpStatusCode.Accepted);
        return (await response.Content.ReadFromJsonAsync<UploadAccepted>(JsonDefaults.Options))!;
    }

    public async Task<BatchResponse> GetBatchAsync(string batchId) =>
        (await http.GetFromJsonAsync<BatchResponse>($"/api/batches/{batchId}", JsonDefaults.Options))!;

    /// <summary>Waits until the batch is <c>completed</c> or <c>failed</c> and returns it.</summary>
    public Task<BatchResponse> WaitForBatchAsync(string batchId, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(
            () => GetBatchAsync(batchId),
            batch => batch.Status is "completed" or "failed",
            timeout ?? DefaultTimeout,
            $"batch {batchId} to finish");

    /// <summary>Every lead of the offer, score descending (one page of up to 1000).</summary>
    public async Task<IReadOnlyList<LeadResponse>> LeadsAsync(string offerId)
    {
        var page = (await http.GetFromJsonAsync<LeadPage>($"/api/leads?offer_id={offerId}&page_size=1000", JsonDefaults.Options))!;
        Assert.Null(page.Next);
        Assert.Equal(page.Count, page.Results.Count);
        return page.Results;
    }

    /// <summary>Waits until every lead of the offer satisfies <paramref name="done"/>, and returns them.</summary>
    public Task<IReadOnlyList<LeadResponse>> WaitForLeadsAsync(string offerId, Func<IReadOnlyList<LeadResponse>, bool> done, string what, TimeSpan? timeout = null) =>
        Eventually.UntilAsync(() => LeadsAsync(offerId), done, timeout ?? DefaultTimeout, what);

    /// <summary><c>POST /api/leads/score</c>; returns the 202 answer.</summary>
    public async Task<ScoreRequestResult> ScoreAsync(ScoreRequest request)
    {
        var response = await http.PostAsJsonAsync("/api/leads/score", request, JsonDefaults.Options);
        await EnsureStatusAsync(response, HttpStatusCode.Accepted);
        return (await response.Content.ReadFromJsonAsync<ScoreRequestResult>(JsonDefaults.Options))!;
    }

    /// <summary>The lead's <c>score_breakdown</c>, read as the app's record.</summary>
    public static ScoreBreakdown BreakdownOf(LeadResponse lead) =>
        lead.ScoreBreakdown?.Deserialize<ScoreBreakdown>(JsonDefaults.Options)
        ?? throw new Xunit.Sdk.XunitException($"Lead {lead.Name} ({lead.Status}) has no score_breakdown.");

    /// <summary>The <c>by_intent</c> counts a batch of exactly these leads should show.</summary>
    public static IntentCounts IntentsOf(IEnumerable<LeadResponse> leads)
    {
        var intents = leads.Where(l => l.Status == "scored").Select(l => l.Intent).ToList();
        return new IntentCounts(intents.Count(i => i == "High"), intents.Count(i => i == "Medium"), intents.Count(i => i == "Low"));
    }

    /// <summary>SPEC §7: a finished batch's counters add up — every accepted lead settled once, intents summing to scored.</summary>
    public static void AssertCountersAddUp(BatchResponse batch)
    {
        Assert.Equal("completed", batch.Status);
        Assert.Equal(batch.RowsAccepted, batch.Scored + batch.Failed);
        Assert.Equal(batch.Scored, batch.ByIntent.High + batch.ByIntent.Medium + batch.ByIntent.Low);
        Assert.Equal(batch.RowsTotal, batch.RowsAccepted + batch.RowsRejected + batch.Duplicates);
        Assert.NotNull(batch.CompletedAt);
    }

    private static async Task EnsureStatusAsync(HttpResponseMessage response, HttpStatusCode expected) =>
        Assert.True(response.StatusCode == expected, $"Expected {(int)expected}, got {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
}
