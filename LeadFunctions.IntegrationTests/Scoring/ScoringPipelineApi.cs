using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
namespace LeadFunctions.IntegrationTests.Scoring;

/// <summary>
/// What the scoring pipeline tests read and assert, on top of <see cref="LeadApi"/>: batches and leads as the app's own
/// response records (snake_case JSON read with <see cref="JsonDefaults"/>), the rescore call, and the counter rules of docs/guarantees.md#counters.
/// </summary>
public static class ScoringPipelineApi
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>Uploads leads as a raw CSV body and returns the batch id.</summary>
    public static Task<string> UploadAsync(this LeadApi api, string offerId, IEnumerable<LeadFields> leads) =>
        api.UploadAcceptedAsync(offerId, Encoding.UTF8.GetBytes(LeadGenerator.ToCsv(leads)));

    /// <inheritdoc cref="UploadAsync(LeadApi, string, IEnumerable{LeadFields})"/>
    public static Task<string> UploadAsync(this LeadApi api, string offerId, IEnumerable<GeneratedLead> leads) =>
        api.UploadAsync(offerId, leads.Select(l => l.Fields));

    public static async Task<BatchResponse> GetBatchViewAsync(this LeadApi api, string batchId) =>
        (await api.Http.GetFromJsonAsync<BatchResponse>($"/api/batches/{batchId}", JsonDefaults.Options))!;

    /// <summary>Waits until the batch is <c>completed</c> or <c>failed</c>.</summary>
    public static async Task<BatchResponse> WaitForBatchViewAsync(this LeadApi api, string batchId, TimeSpan? timeout = null) =>
        View<BatchResponse>(await api.WaitForBatchAsync(batchId, timeout));

    /// <summary>Every lead of the offer, score descending, checked against the offer's <c>count</c>.</summary>
    /// <remarks>Call it once the offer's leads are all written: the listing and the count are two reads.</remarks>
    public static async Task<IReadOnlyList<LeadResponse>> LeadViewsAsync(this LeadApi api, string offerId)
    {
        var leads = await api.ReadLeadViewsAsync(offerId);
        Assert.Equal(await api.LeadCountAsync(offerId), leads.Count);
        return leads;
    }

    /// <summary>Waits until the offer's leads satisfy <paramref name="done"/>, and returns them checked against the offer's <c>count</c>.</summary>
    public static async Task<IReadOnlyList<LeadResponse>> WaitForLeadViewsAsync(
        this LeadApi api, string offerId, Func<IReadOnlyList<LeadResponse>, bool> done, string what, TimeSpan? timeout = null)
    {
        // While ingest still writes, a count read after the listing may already hold more leads: compare them once done.
        IReadOnlyList<LeadResponse> leads = [];
        await Eventually.TrueAsync(
            async () => done(leads = await api.ReadLeadViewsAsync(offerId)),
            timeout ?? LeadApi.BatchTimeout,
            PollInterval,
            () => $"{what}; last seen: {string.Join("; ", leads.Select(l => $"{l.Name} {l.Status} {l.Reasoning}"))}");
        Assert.Equal(await api.LeadCountAsync(offerId), leads.Count);
        return leads;
    }

    private static async Task<IReadOnlyList<LeadResponse>> ReadLeadViewsAsync(this LeadApi api, string offerId) =>
        (await api.LeadsAsync(offerId)).Select(View<LeadResponse>).ToList();

    /// <summary><c>POST /api/leads/score</c>; returns its operation once it has completed.</summary>
    public static async Task<OperationResponse> ScoreAsync(this LeadApi api, ScoreRequest request)
    {
        using var response = await api.Http.PostAsJsonAsync("/api/leads/score", request, JsonDefaults.Options);
        var operation = View<OperationResponse>(await api.WaitForOperationAsync(response));
        Assert.Equal("completed", operation.Status);
        return operation;
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

    private static T View<T>(JsonObject json) => json.Deserialize<T>(JsonDefaults.Options)!;
}
