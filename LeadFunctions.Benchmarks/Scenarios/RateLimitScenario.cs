using LeadFunctions.Ai;
using LeadFunctions.Storage;
using LeadFunctions.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.Benchmarks.Scenarios;

/// <summary>
/// Rate-limit adherence of the app as a whole: <see cref="Instances"/> local hosts, each an OS process of its own on
/// the same Azurite, container, queue and tables (as instances of one app on Flex Consumption), share one AI budget
/// (<c>Ai:MaxRequestsPerMinute</c>) against one fake provider that enforces the same quota itself (at most that many
/// requests in any trailing minute, 429 with Retry-After beyond it). Measures the rate the provider accepted while the
/// queue was saturated, the share of requests it refused, and the storage requests the shared budget cost.
/// </summary>
public static class RateLimitScenario
{
    public const string Name = "Rate limit";

    public const int Instances = 3;

    public static async Task<ScenarioResult> RunAsync(BenchmarkSettings settings, Action<string> progress, CancellationToken ct)
    {
        await using var storage = await BenchmarkStorage.StartAsync(ct);
        var rpm = settings.RateRpm;
        await using var ai = await FakeOpenAiServer.StartAsync();
        ai.Latency = TimeSpan.FromMilliseconds(settings.AiLatencyMs);
        ai.RateLimit = new SlidingWindowRateLimit(rpm, TimeSpan.FromMinutes(1));

        // This process only creates the offer and audits; the instances do the work.
        await using var host = await BenchmarkHost.CreateAsync(storage, new Dictionary<string, string?>(), start: false, ct);
        progress($"rate: starting {Instances} local host processes on one Azurite");
        var environment = host.AsEnvironment(FakeAi.Settings(ai, rpm));
        var instances = await Task.WhenAll(Enumerable.Range(0, Instances).Select(_ => LocalHostProcess.StartAsync(environment)));
        PipelineScenario.EndToEnd run;
        try
        {
            host.RouteHttpTo(instances[0].Http.BaseAddress!);
            progress($"rate: {settings.RateLeads:N0} leads under Ai:MaxRequestsPerMinute={rpm} for the app");
            var timeout = TimeSpan.FromMinutes(3 + 2.0 * settings.RateLeads / rpm);
            run = await PipelineScenario.EndToEndAsync(host, storage, "rate", settings.RateLeads, timeout, ct);
        }
        finally
        {
            // SIGTERM: each instance leaves the budget and writes its final counts on the way out.
            foreach (var instance in instances)
            {
                await instance.TerminateAsync();
                await instance.DisposeAsync();
            }
        }

        var beats = await new TableAiBudgetStore(host.Services.GetRequiredService<LeadTables>(), TimeProvider.System).ReadBeatsAsync(ct);
        var budgetRequests = beats.Sum(b => b.StorageRequests);
        var gateCalls = beats.Sum(b => b.Calls);
        var requests = ai.Requests;
        var accepted = requests.Where(r => !r.RateLimited).Select(r => r.ReceivedAt).Order().ToList();
        var span = accepted.Count > 1 ? accepted[^1] - accepted[0] : TimeSpan.Zero;
        var acceptedPerMinute = span > TimeSpan.Zero ? (accepted.Count - 1) / span.TotalMinutes : double.NaN;
        var sentPerMinute = span > TimeSpan.Zero ? (requests.Count - 1) / span.TotalMinutes : double.NaN;
        var refusedShare = requests.Count == 0 ? 0 : (double)ai.RateLimitedCount / requests.Count;
        var deviation = Math.Abs(acceptedPerMinute - rpm) / rpm;

        List<Measurement> measurements =
        [
            new(Name, $"{settings.RateLeads:N0} leads, {Instances} host processes, app budget and quota {rpm}/min, AI {settings.AiLatencyMs} ms", run.Describe()),
            new(Name, "  achieved rate (calls the provider accepted)", $"{acceptedPerMinute:N0}/min ({deviation:P1} from budget)",
                "within 10%", deviation <= 0.10),
            new(Name, "  requests sent; refused with 429", $"{requests.Count:N0} ({sentPerMinute:N0}/min); {ai.RateLimitedCount:N0} = {refusedShare:P2}",
                "< 1%", refusedShare < 0.01),
            new(Name, "  calls per instance (from their heartbeats)", string.Join(" / ", beats.OrderByDescending(b => b.Calls).Select(b => b.Calls.ToString("N0")))),
            new(Name, "  budget storage requests (slices, heartbeats)",
                $"{budgetRequests:N0} for {gateCalls:N0} AI calls = {(gateCalls == 0 ? 0 : (double)budgetRequests / gateCalls):N2} per call; {beats.Sum(b => b.Slices):N0} slices"),
            new(Name, "  scoring methods", run.Methods),
            new(Name, "  timeline after the upload", run.Timeline()),
            PipelineScenario.Integrity(run.Problems) with { Scenario = Name },
        ];
        return new ScenarioResult(measurements, run.Problems);
    }
}
