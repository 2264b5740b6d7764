using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using LeadFunctions.Http;
using LeadFunctions.Model;

namespace LeadFunctions.Tests.Leads;

/// <summary>The calls the output-side tests make against a local host, as a user's script would make them: HTTP only.</summary>
public sealed class LeadApiClient(HttpClient http)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    public HttpClient Http => http;

    public async Task<string> CreateOfferAsync(string name = "AI Outreach Automation")
    {
        var response = await http.PostAsJsonAsync("/api/offer", new
        {
            name,
            value_props = new[] { "24/7 outreach", "6x more meetings" },
            ideal_use_cases = new[] { LeadCsvGenerator.IdealUseCase },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
    }

    /// <summary>Uploads a raw <c>text/csv</c> body and returns the batch id.</summary>
    public async Task<string> UploadAsync(string offerId, string csv)
    {
        var response = await http.PostAsync($"/api/leads/upload?offer_id={offerId}", new StringContent(csv, Encoding.UTF8, "text/csv"));
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<JsonObject>())!["batch_id"]!.GetValue<string>();
    }

    public async Task<JsonObject> GetBatchAsync(string batchId) => (await http.GetFromJsonAsync<JsonObject>($"/api/batches/{batchId}"))!;

    /// <summary>Waits, bounded, until the batch reads completed; fails the test if it fails or times out.</summary>
    public async Task<JsonObject> WaitForCompletedBatchAsync(string batchId, TimeSpan timeout)
    {
        JsonObject batch = [];
        await WaitUntilAsync(async () =>
        {
            batch = await GetBatchAsync(batchId);
            return batch["status"]!.GetValue<string>() is "completed" or "failed";
        }, timeout, () => $"batch {batchId}: {batch.ToJsonString()}");
        Assert.True(batch["status"]!.GetValue<string>() == "completed", batch.ToJsonString());
        return batch;
    }

    /// <summary>One page; the path may be relative or the absolute <c>next</c> URL.</summary>
    public async Task<LeadPage> GetPageAsync(string pathOrUrl)
    {
        var response = await http.GetAsync(pathOrUrl);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{pathOrUrl}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<LeadPage>(JsonDefaults.Options))!;
    }

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

    public static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout, Func<string>? describe = null)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (TaskCanceledException ex) when (ex.InnerException is TimeoutException)
            {
                // On a saturated machine one poll can outlast the client timeout while the host is busy scoring: poll again.
            }

            await Task.Delay(PollInterval);
        }

        Assert.Fail($"Not met within {timeout.TotalSeconds:0} s. {describe?.Invoke()}");
    }
}

/// <summary>Every page of one walk along <c>next</c>.</summary>
public sealed record LeadWalk(IReadOnlyList<LeadPage> Pages)
{
    public IReadOnlyList<LeadResponse> Items => Pages.SelectMany(p => p.Results).ToList();
}
