using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.Benchmarks.Scenarios;

/// <summary>
/// Results: latency of <c>GET /api/leads/results</c> over HTTP with many scored leads. The leads are seeded straight
/// through <see cref="LeadPartitionWriter"/> (rules-only scores from the real rule layer; the same transaction as
/// scoring writes: lead, index entry, tallies), 16 a transaction, 8 transactions at once. The deep page is reached by
/// following <c>next</c> from the first page, as a client would.
/// </summary>
public static class ResultsScenario
{
    public const string Name = "Results";

    private const int SeedParallelism = 8;
    private const int WarmUpRequests = 5;

    public static async Task<ScenarioResult> RunAsync(BenchmarkSettings settings, Action<string> progress, CancellationToken ct)
    {
        await using var storage = await BenchmarkSettings.StartStorageAsync(ct);
        var leads = settings.ResultsLeads;
        await using var host = await BenchmarkHost.CreateAsync(storage, new Dictionary<string, string?>(), start: true, ct);
        var offer = await host.Services.GetRequiredService<OfferRepository>().CreateAsync(LeadGenerator.Offer("LeadFlow Benchmark"), ct);

        progress($"results: seeding {leads:N0} scored leads");
        var seed = await SeedAsync(host, offer.Id, offer.ToProfile(), leads, ct);

        var first = "/api/leads/results";
        progress($"results: {settings.Requests} first-page requests");
        var firstPage = await TimeAsync(host, first, settings.Requests, ct);

        progress("results: following next to 90% depth");
        var depth = 0;
        var url = $"{first}?page_size=1000";
        while (depth + 1000 <= leads * 9 / 10)
        {
            var page = await PipelineRun.GetJsonAsync(host, url, ct);
            depth += page["results"]!.AsArray().Count;
            url = page["next"]?.GetValue<string>() ?? throw new InvalidOperationException($"Results ended after {depth} of {leads} leads.");
        }

        var deepUrl = url.Replace("page_size=1000", "page_size=50", StringComparison.Ordinal);
        var deepPage = await TimeAsync(host, deepUrl, settings.Requests, ct);

        var count = (await PipelineRun.GetJsonAsync(host, first, ct))["count"]!.GetValue<long>();
        var problems = count == leads ? [] : new List<string> { $"results count {count}, seeded {leads}" };
        var label = $"{leads:N0} leads, page of 50, {settings.Requests} requests";
        return new ScenarioResult(
            [
                new(Name, $"seeding {leads:N0} scored leads via LeadPartitionWriter",
                    $"{leads / seed.TotalSeconds:N0} leads/s ({seed.TotalSeconds:N1} s, {host.Conflicts.Count:N0} conflicts re-planned)"),
                new(Name, $"first page: {label}", Describe(firstPage), "median < 100 ms", Stats.Median(firstPage) < 100),
                new(Name, $"deep page (after {depth:N0} leads): {label}", Describe(deepPage)),
                new(Name, "  count matches the seeded leads", count == leads ? "yes" : $"no: {count:N0}", "yes", count == leads),
            ],
            problems);
    }

    private static string Describe(IReadOnlyCollection<double> milliseconds) =>
        $"median {Stats.Median(milliseconds):N1} ms, p95 {Stats.Percentile(milliseconds, 95):N1} ms";

    private static async Task<TimeSpan> SeedAsync(BenchmarkHost host, string offerId, LeadFunctions.Offers.OfferProfile profile, int leads, CancellationToken ct)
    {
        var writer = host.Services.GetRequiredService<LeadPartitionWriter>();
        var batchId = BatchIds.NewForUpload();
        var generator = new LeadGenerator("results");
        var now = DateTimeOffset.UtcNow;
        var clock = Stopwatch.StartNew();
        await Parallel.ForEachAsync(
            Enumerable.Range(0, leads).Chunk(LeadPartitionWriter.MaxLeadsPerTransaction),
            new ParallelOptions { MaxDegreeOfParallelism = SeedParallelism, CancellationToken = ct },
            async (chunk, token) =>
            {
                var entities = chunk.Select(i =>
                {
                    var fields = generator.Lead(i).Fields;
                    return ScoredLeads.Entity(offerId, batchId, fields, LeadScoreCalculator.RulesOnly(RuleScorer.Score(fields, profile), profile.Rules), now);
                });
                await ScoredLeads.WriteAsync(writer, offerId, entities, token);
            });
        return clock.Elapsed;
    }

    /// <summary>Milliseconds of each of <paramref name="requests"/> sequential GETs, after a few untimed ones.</summary>
    private static async Task<IReadOnlyCollection<double>> TimeAsync(BenchmarkHost host, string url, int requests, CancellationToken ct)
    {
        var times = new List<double>(requests);
        for (var i = 0; i < WarmUpRequests + requests; i++)
        {
            var clock = Stopwatch.StartNew();
            using var response = await host.Http.GetAsync(url, ct);
            await response.Content.ReadAsByteArrayAsync(ct);
            var elapsed = clock.Elapsed.TotalMilliseconds;
            response.EnsureSuccessStatusCode();
            if (i >= WarmUpRequests)
            {
                times.Add(elapsed);
            }
        }

        return times;
    }
}
