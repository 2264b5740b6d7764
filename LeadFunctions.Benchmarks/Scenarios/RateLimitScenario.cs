using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.Benchmarks.Scenarios;

/// <summary>
/// Rate-limit adherence of the app as a whole: <see cref="Instances"/> local hosts, each an OS process of its own on
/// the same Azurite, container, queue and tables (as instances of one app on Flex Consumption), share one AI budget
/// (<c>Ai:MaxRequestsPerMinute</c>) against one fake provider that enforces the same quota itself (at most that many
/// requests in any trailing minute, 429 with Retry-After beyond it). Measures the rate the provider accepted while the
/// queue was saturated (the whole batch is queued before the instances start), the share of requests it refused, and the storage requests the shared budget cost.
/// </summary>
public static class RateLimitScenario
{
    public const string Name = "Rate limit";

    public const int Instances = 3;

    public static async Task<ScenarioResult> RunAsync(BenchmarkSettings settings, Action<string> progress, CancellationToken ct)
    {
        await using var storage = await BenchmarkSettings.StartStorageAsync(ct);
        var rpm = settings.RateRpm;
        await using var ai = await FakeOpenAiServer.StartAsync();
        ai.Latency = TimeSpan.FromMilliseconds(settings.AiLatencyMs);
        ai.RateLimit = new SlidingWindowRateLimit(rpm, TimeSpan.FromMinutes(1));

        // This process creates the offer, ingests the batch and audits it; the instances score it. The batch is on the
        // queue before they start, so the budget, not the ingest's speed, is what paces the calls.
        await using var host = await BenchmarkHost.CreateAsync(storage, new Dictionary<string, string?>(), start: false, ct);
        var leads = settings.RateLeads;
        progress($"rate: ingesting {leads:N0} leads onto the scoring queue");
        var (offerId, batchId) = await QueueBatchAsync(host, storage, leads, ct);

        progress($"rate: {Instances} local host processes on one Azurite score them under Ai:MaxRequestsPerMinute={rpm} for the app");
        var environment = host.AsEnvironment(FakeAi.Settings(ai, rpm));
        var clock = Stopwatch.StartNew();
        var instances = await Task.WhenAll(Enumerable.Range(0, Instances).Select(_ => LocalHostProcess.StartAsync(environment)));
        PipelineRun.Outcome outcome;
        LeadAudit.Findings audit;
        var budgetWarnings = 0;
        try
        {
            host.RouteHttpTo(instances[0].Http.BaseAddress!);
            outcome = await PipelineRun.WaitAsync(host, batchId, clock, TimeSpan.FromMinutes(3 + 2.0 * leads / rpm), ct);
            audit = await LeadAudit.CheckAsync(host, storage, offerId, outcome, Tag, leads, ct);
        }
        finally
        {
            // SIGTERM: each instance leaves the budget and writes its final counts on the way out.
            foreach (var instance in instances)
            {
                // The warnings an instance logs when the budget's storage fails it (it then spends a share on its own).
                var warnings = instance.RecentOutput.Split('\n').Where(l => l.Contains("AI budget", StringComparison.OrdinalIgnoreCase)).ToList();
                warnings.Take(2).ToList().ForEach(w => progress($"rate: instance {instance.ProcessId}: {w.Trim()}"));
                budgetWarnings += warnings.Count;
                await instance.TerminateAsync();
                await instance.DisposeAsync();
            }
        }

        var methods = string.Join(", ", audit.ByMethod.OrderByDescending(m => m.Value).Select(m => $"{m.Key} {m.Value:N0}"));
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
            new(Name, $"{leads:N0} queued leads, {Instances} host processes, app budget and quota {rpm}/min, AI {settings.AiLatencyMs} ms",
                $"scored in {outcome.Elapsed.TotalSeconds:N1} s from the first process's start"),
            new(Name, "  achieved rate (calls the provider accepted)", $"{acceptedPerMinute:N0}/min ({deviation:P1} from budget)",
                "within 10%", deviation <= 0.10),
            new(Name, "  requests sent; refused with 429", $"{requests.Count:N0} ({sentPerMinute:N0}/min); {ai.RateLimitedCount:N0} = {refusedShare:P2}",
                "< 1%", refusedShare < 0.01),
            new(Name, "  calls per instance (from their heartbeats)", string.Join(" / ", beats.OrderByDescending(b => b.Calls).Select(b => b.Calls.ToString("N0")))),
            new(Name, "  budget storage requests (slices, heartbeats)",
                $"{budgetRequests:N0} for {gateCalls:N0} AI calls = {(gateCalls == 0 ? 0 : (double)budgetRequests / gateCalls):N2} per call; {beats.Sum(b => b.Slices):N0} slices"),
            new(Name, "  budget storage failures logged by the instances", budgetWarnings.ToString("N0")),
            new(Name, "  scoring methods", methods),
            PipelineScenario.Integrity(audit.Problems) with { Scenario = Name },
        ];
        return new ScenarioResult(measurements, audit.Problems);
    }

    private const string Tag = "rate";

    /// <summary>Ingests a CSV of <paramref name="leads"/> leads in this process (from a container no trigger watches).</summary>
    private static async Task<(string OfferId, string BatchId)> QueueBatchAsync(BenchmarkHost host, AzuriteFixture storage, int leads, CancellationToken ct)
    {
        var offer = await host.Services.GetRequiredService<OfferRepository>().CreateAsync(LeadGenerator.Offer("LeadFlow Benchmark"), ct);
        var staging = storage.CreateBlobServiceClient().GetBlobContainerClient(host.UploadsContainer + "-staged");
        await staging.CreateIfNotExistsAsync(cancellationToken: ct);
        var name = $"{offer.Id}/{Tag}.csv";
        var path = await new LeadGenerator(Tag).WriteCsvFileAsync(leads, ct);
        try
        {
            await staging.GetBlobClient(name).UploadAsync(path, overwrite: true, ct);
        }
        finally
        {
            File.Delete(path);
        }

        await host.Services.GetRequiredService<BatchIngestor>().IngestAsync(staging.GetBlobClient(name), name, ct);
        var batch = (await host.Services.GetRequiredService<BatchRepository>().ListAsync(offer.Id, after: null, pageSize: 2, ct)).Batches.Single();
        await IngestDrain.RunAsync(host, storage, batch.BatchId, ct);
        return (offer.Id, batch.BatchId);
    }
}
