using System.Net;
using System.Net.Http.Json;
namespace LeadFunctions.IntegrationTests.Testing;

/// <summary>The fake provider's own quota: what the rate-limit benchmark counts as the 429s it had to send.</summary>
public sealed class FakeOpenAiServerRateLimitTests
{
    [Fact]
    public async Task A_request_over_the_quota_gets_429_with_retry_after_and_is_counted()
    {
        await using var server = await FakeOpenAiServer.StartAsync();
        server.RateLimit = new SlidingWindowRateLimit(requestsPerMinute: 2, window: TimeSpan.FromMinutes(1));
        using var http = new HttpClient { BaseAddress = server.BaseUri };

        var statuses = new List<HttpStatusCode>();
        var retryAfterMs = new List<string>();
        var retryAfter = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await http.PostAsJsonAsync("v1/chat/completions", new { model = "m", messages = new[] { new { role = "user", content = "hi" } } });
            statuses.Add(response.StatusCode);
            retryAfterMs.AddRange(response.Headers.TryGetValues("retry-after-ms", out var ms) ? ms : []);
            retryAfter.AddRange(response.Headers.TryGetValues("Retry-After", out var seconds) ? seconds : []);
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(1, server.RateLimitedCount);
        Assert.Equal(3, server.CallCount);
        Assert.InRange(int.Parse(Assert.Single(retryAfterMs)), 1, 60_000);
        Assert.InRange(int.Parse(Assert.Single(retryAfter)), 1, 60);
        Assert.Equal([false, false, true], server.Requests.Select(r => r.RateLimited));
    }
}
