using LeadFunctions.Testing;

namespace LeadFunctions.Benchmarks.Scenarios;

/// <summary>
/// Rate-limit adherence: the app's AI budget (<c>Ai:MaxRequestsPerMinute</c>) against a fake provider that enforces the
/// same quota itself (at most that many requests in any trailing minute, 429 with Retry-After beyond it). Measures the
/// rate the provider accepted while the queue was saturated, and the share of requests it had to refuse.
/// </summary>
public static class RateLimitScenario
{
    public const string Name = "Rate limit";

    public static async Task<ScenarioResult> RunAsync(BenchmarkSettings settings, Action<string> progress, CancellationToken ct)
    {
        await using var storage = await BenchmarkStorage.StartAsync(ct);
        var rpm = settings.RateRpm;
        await using var ai = await FakeOpenAiServer.StartAsync();
        ai.Latency = TimeSpan.FromMilliseconds(settings.AiLatencyMs);
        ai.RateLimit = new SlidingWindowRateLimit(rpm, TimeSpan.FromMinutes(1));
        await using var host = await BenchmarkHost.CreateAsync(storage, FakeAi.Settings(ai, rpm), start: true, ct);

        progress($"rate: {settings.RateLeads:N0} leads under Ai:MaxRequestsPerMinute={rpm}");
        var timeout = TimeSpan.FromMinutes(3 + 2.0 * settings.RateLeads / rpm);
        var run = await PipelineScenario.EndToEndAsync(host, storage, "rate", settings.RateLeads, timeout, ct);

        var requests = ai.Requests;
        var accepted = requests.Where(r => !r.RateLimited).Select(r => r.ReceivedAt).Order().ToList();
        var span = accepted.Count > 1 ? accepted[^1] - accepted[0] : TimeSpan.Zero;
        var acceptedPerMinute = span > TimeSpan.Zero ? (accepted.Count - 1) / span.TotalMinutes : double.NaN;
        var sentPerMinute = span > TimeSpan.Zero ? (requests.Count - 1) / span.TotalMinutes : double.NaN;
        var refusedShare = requests.Count == 0 ? 0 : (double)ai.RateLimitedCount / requests.Count;
        var deviation = Math.Abs(acceptedPerMinute - rpm) / rpm;

        List<Measurement> measurements =
        [
            new(Name, $"{settings.RateLeads:N0} leads, budget and quota {rpm}/min, AI {settings.AiLatencyMs} ms", run.Describe()),
            new(Name, "  achieved rate (calls the provider accepted)", $"{acceptedPerMinute:N0}/min ({deviation:P1} from budget)",
                "within 10%", deviation <= 0.10),
            new(Name, "  requests sent; refused with 429", $"{requests.Count:N0} ({sentPerMinute:N0}/min); {ai.RateLimitedCount:N0} = {refusedShare:P2}",
                "< 1%", refusedShare < 0.01),
            new(Name, "  scoring methods", run.Methods),
            .. PipelineScenario.Breakdown(Name, run),
            PipelineScenario.Integrity(run.Problems) with { Scenario = Name },
        ];
        return new ScenarioResult(measurements, run.Problems);
    }
}
