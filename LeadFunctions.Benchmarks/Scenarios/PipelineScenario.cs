using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.Benchmarks.Scenarios;

/// <summary>
/// Pipeline: leads per second end to end (upload → ingest → queue → score) with a fake AI answering in a fixed
/// latency, against the original's way measured in the same run (one lead at a time: rules, one AI call, the write),
/// and again with the AI off (after a first batch that warms the host and Azurite, as the ceiling is warmed), against
/// the raw storage ceiling for the same leads (<see cref="PipelineCeiling"/>), the two alternating over three rounds;
/// each end-to-end run is audited: no lead lost, duplicated or left unscored.
/// </summary>
public static class PipelineScenario
{
    public const string Name = "Pipeline";

    /// <summary>The budget is scenario 3's subject; here it is set out of the way so the pipeline's own concurrency shows.</summary>
    private const int UnthrottledRequestsPerMinute = 1_000_000;

    public static async Task<ScenarioResult> RunAsync(BenchmarkSettings settings, Action<string> progress, CancellationToken ct)
    {
        var measurements = new List<Measurement>();
        var failures = new List<string>();
        var leads = settings.PipelineLeads;
        var latency = $"AI {settings.AiLatencyMs} ms";
        var timeout = TimeSpan.FromSeconds(120 + leads * settings.AiLatencyMs / 1000.0);

        await using var ai = await FakeOpenAiServer.StartAsync();
        ai.Latency = TimeSpan.FromMilliseconds(settings.AiLatencyMs);
        if (!settings.PipelineAiOffOnly)
        {
            await using var storage = await BenchmarkSettings.StartStorageAsync(ct);
            await using var host = await BenchmarkHost.CreateAsync(storage, FakeAi.Settings(ai, UnthrottledRequestsPerMinute), start: true, ct);
            progress($"pipeline: sequential baseline, {settings.BaselineLeads} leads one at a time");
            var sequential = await SequentialBaselineAsync(host, settings.BaselineLeads, ct);
            measurements.Add(new Measurement(Name, $"sequential baseline: one lead at a time, {latency}", $"{sequential:N1} leads/s"));

            progress($"pipeline: {leads:N0} leads end to end, {latency}");
            var callsBefore = ai.CallCount;
            var run = await EndToEndAsync(host, storage, "hybrid", leads, timeout, ct);
            failures.AddRange(run.Problems);
            measurements.Add(new Measurement(Name, $"{leads:N0} leads end to end, {latency}", run.Describe()));
            measurements.Add(new Measurement(Name, "  pipeline / sequential baseline", $"{run.LeadsPerSecond / sequential:N1}x", ">= 25x",
                run.LeadsPerSecond / sequential >= 25));
            measurements.Add(new Measurement(Name, "  AI calls for the leads; scoring methods", $"{ai.CallCount - callsBefore:N0}; {run.Methods}"));
            measurements.AddRange(Breakdown(Name, run));
            measurements.Add(Integrity(run.Problems));
        }

        // On two shared cores one run of two seconds is at the mercy of the moment (the ceiling alone ranged 888–1,718
        // leads/s within an hour), so AI-off batches and ceiling runs alternate, each in its own warm Azurite, and the
        // ratio is of their medians. The app's host sits idle beside each ceiling run, polling its own Azurite's queues.
        var rounds = leads <= 10_000 ? 3 : 1;
        await using (var storage = await BenchmarkSettings.StartStorageAsync(ct))
        await using (var host = await BenchmarkHost.CreateAsync(storage, new Dictionary<string, string?>(), start: true, ct))
        await using (var ceilingStorage = await BenchmarkSettings.StartStorageAsync(ct))
        {
            // The ceiling is timed warm, so the app is too, after a first batch through the same host and Azurite. That
            // first batch is reported as well: it pays for a cold node and .NET JIT and idle-backed-off polls.
            var warmUpLeads = Math.Min(leads, 2_000);
            progress($"pipeline: {warmUpLeads:N0} leads end to end, AI off, first batch (warm-up)");
            var first = await EndToEndAsync(host, storage, "warmup", warmUpLeads, timeout, ct);
            failures.AddRange(first.Problems);
            measurements.Add(new Measurement(Name, $"{warmUpLeads:N0} leads end to end, AI off, first batch in a fresh Azurite (warm-up)",
                $"{first.Describe()}; {first.Timeline()}; {first.Cpu}"));
            await PipelineCeiling.RunAsync(ceilingStorage, warmUpLeads, timeout, ct);

            var runs = new List<EndToEnd>();
            var ceilings = new List<(PipelineCeiling.Outcome Outcome, string Cpu)>();
            for (var round = 1; round <= rounds; round++)
            {
                progress($"pipeline: {leads:N0} leads end to end, AI off, then the raw storage ceiling ({PipelineCeiling.InFlight} in flight), round {round} of {rounds}");
                var run = await EndToEndAsync(host, storage, $"rules{round}", leads, timeout, ct);
                failures.AddRange(run.Problems);
                runs.Add(run);
                var cpu = CpuMeter.Start(ceilingStorage);
                var ceiling = await PipelineCeiling.RunAsync(ceilingStorage, leads, timeout, ct);
                ceilings.Add((ceiling, cpu.PerItem(leads, "lead")));
                if (ceiling.Deleted != leads)
                {
                    failures.Add($"raw ceiling: {ceiling.Deleted:N0} of {leads:N0} messages received and deleted");
                }
            }

            var median = runs.OrderBy(r => r.LeadsPerSecond).ElementAt(rounds / 2);
            var medianCeiling = ceilings.OrderBy(c => c.Outcome.LeadsPerSecond).ElementAt(rounds / 2);
            string Rounds(IEnumerable<double> rates) => rounds == 1 ? "" : $"; rounds {string.Join(", ", rates.Select(r => r.ToString("N1")))}";
            var which = rounds == 1 ? "" : $" (median of {rounds} rounds)";
            measurements.Add(new Measurement(Name, $"{leads:N0} leads end to end, AI off{which}",
                median.Describe() + Rounds(runs.Select(r => r.LeadsPerSecond))));
            measurements.Add(new Measurement(Name, "  scoring methods", median.Methods));
            measurements.AddRange(Breakdown(Name, median));
            measurements.Add(Integrity(runs.SelectMany(r => r.Problems).ToList()));
            measurements.Add(new Measurement(Name,
                $"raw ceiling: enqueue + receive + delete + one entity write in transactions, {PipelineCeiling.InFlight} in flight{which}",
                $"{medianCeiling.Outcome.LeadsPerSecond:N1} leads/s ({medianCeiling.Outcome.Elapsed.TotalSeconds:N1} s)" + Rounds(ceilings.Select(c => c.Outcome.LeadsPerSecond))));
            measurements.Add(new Measurement(Name, "  CPU", medianCeiling.Cpu));
            var ratios = rounds == 1 ? "" : $" (round by round: {string.Join(", ", runs.Zip(ceilings, (r, c) => $"{r.LeadsPerSecond / c.Outcome.LeadsPerSecond:P0}"))})";
            measurements.Add(new Measurement(Name, "  AI off / raw ceiling, medians", $"{median.LeadsPerSecond / medianCeiling.Outcome.LeadsPerSecond:P0}{ratios}", ">= 50%",
                median.LeadsPerSecond >= medianCeiling.Outcome.LeadsPerSecond / 2));
        }

        return new ScenarioResult(measurements, failures);
    }

    /// <summary>The lost / duplicated / unscored verdict as a report line.</summary>
    public static Measurement Integrity(IReadOnlyList<string> problems) => new(
        Name,
        "  lost, duplicated or unscored leads",
        problems.Count == 0 ? "none" : string.Join("; ", problems),
        "none",
        problems.Count == 0);

    /// <summary>One audited batch: its rate, where the time and the CPU went, what was wrong and how its leads were scored.</summary>
    public sealed record EndToEnd(
        int Leads, double LeadsPerSecond, PipelineRun.Outcome Run, LeadAudit.Findings Audit, string Methods, int Conflicts, string Cpu,
        StorageRequests Requests)
    {
        public IReadOnlyList<string> Problems => Audit.Problems;

        public string Describe() => $"{LeadsPerSecond:N1} leads/s ({Run.Elapsed.TotalSeconds:N1} s)";

        /// <summary>Seconds after the upload at which the first and last lead were stored and the last was scored.</summary>
        public string Timeline()
        {
            var uploaded = Run.Batch["created_at"]!.GetValue<DateTimeOffset>();
            string At(DateTimeOffset? moment) => moment is { } m ? $"{(m - uploaded).TotalSeconds:N1} s" : "?";
            return $"first stored {At(Audit.FirstStored)}, last stored {At(Audit.LastStored)}, last scored {At(Audit.LastScored)}";
        }
    }

    /// <summary>Uploads <paramref name="leads"/> leads for a new offer, waits for the batch and audits it.</summary>
    public static async Task<EndToEnd> EndToEndAsync(
        BenchmarkHost host, AzuriteFixture storage, string tag, int leads, TimeSpan timeout, CancellationToken ct)
    {
        var offer = await host.Services.GetRequiredService<OfferRepository>().CreateAsync(LeadGenerator.Offer("LeadFlow Benchmark"), ct);
        var conflictsBefore = host.Conflicts.Count;
        var cpu = CpuMeter.Start(storage);
        var requestsBefore = StorageRequestCounter.Snapshot();
        var run = await PipelineRun.RunAsync(host, offer.Id, tag, leads, timeout, ct);
        var requestsAfter = StorageRequestCounter.Snapshot();
        var cpuPerLead = cpu.PerItem(leads, "lead");
        var requests = await StorageRequests.MeasureAsync(
            requestsBefore, requestsAfter, run.Polls, () => PipelineRun.GetJsonAsync(host, $"/api/batches/{run.BatchId}", ct), leads);
        var conflicts = host.Conflicts.Count - conflictsBefore;
        var audit = await LeadAudit.CheckAsync(host, storage, offer.Id, run, tag, leads, ct);
        var methods = string.Join(", ", audit.ByMethod.OrderByDescending(m => m.Value).Select(m => $"{m.Key} {m.Value:N0}"));
        return new EndToEnd(leads, leads / run.Elapsed.TotalSeconds, run, audit, methods, conflicts, cpuPerLead, requests);
    }

    /// <summary>Where the time and CPU of a run went, as report lines.</summary>
    public static IEnumerable<Measurement> Breakdown(string scenario, EndToEnd run) =>
    [
        new(scenario, "  timeline after the upload", run.Timeline()),
        new(scenario, "  CPU", run.Cpu),
        new(scenario, "  lead transactions re-planned after a conflict", $"{run.Conflicts:N0} ({(double)run.Conflicts / run.Leads:P0} of the leads)"),
        new(scenario, "  storage requests per lead, status polls excluded", run.Requests.Describe(), "<= 4", run.Requests.PerLead <= 4),
    ];

    /// <summary>
    /// The original's way: one request scores the leads one after another — the rule layer, one AI call (the app's own
    /// classifier, uncached, through its HTTP client), then the write — and nothing overlaps.
    /// </summary>
    private static async Task<double> SequentialBaselineAsync(BenchmarkHost host, int leads, CancellationToken ct)
    {
        var services = host.Services;
        var scorer = new LeadScorer(services.GetRequiredService<OpenAiIntentClassifier>());
        var writer = services.GetRequiredService<LeadPartitionWriter>();
        var offer = await services.GetRequiredService<OfferRepository>().CreateAsync(LeadGenerator.Offer("LeadFlow Benchmark"), ct);
        var profile = offer.ToProfile();
        var batchId = BatchIds.NewForUpload();
        var generator = new LeadGenerator("seq");

        async Task ScoreAndSaveAsync(int index)
        {
            var fields = generator.Lead(index).Fields;
            var score = await scorer.ScoreAsync(profile, fields, isLastAttempt: true, ct);
            await ScoredLeads.WriteAsync(writer, offer.Id, [ScoredLeads.Entity(offer.Id, batchId, fields, score, DateTimeOffset.UtcNow)], ct);
        }

        await ScoreAndSaveAsync(leads);
        var clock = Stopwatch.StartNew();
        for (var i = 0; i < leads; i++)
        {
            await ScoreAndSaveAsync(i);
        }

        return leads / clock.Elapsed.TotalSeconds;
    }
}
