using Xunit.Abstractions;

namespace LeadFunctions.IntegrationTests.Scoring;

/// <summary>
/// Measures leads scored per second through the local host (Azurite, WebJobs queue trigger, host.json's queue settings)
/// for one 300-lead upload. Skipped unless <c>LEADFUNCTIONS_MEASURE=1</c>; the figures go to the test output
/// (<c>dotnet test --filter "Category=Measure" --logger "console;verbosity=detailed"</c>).
/// </summary>
[Collection(AzuriteCollection.Name)]
[Trait("Category", "Measure")]
public sealed class ScoringThroughputMeasurements(AzuriteFixture storage, ITestOutputHelper output)
{
    private const int LeadCount = 300;
    private const int WarmUpLeads = 20;
    private static readonly TimeSpan AiLatency = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

    [MeasureFact]
    public async Task Leads_scored_per_second_for_a_300_lead_batch()
    {
        await MeasureAsync("AI off (Ai:Provider=None)", withAi: false);
        await MeasureAsync("fake AI 200 ms, default budget (600 calls/min, 32 in flight)", withAi: true);
        await MeasureAsync(
            "fake AI 200 ms, Ai:MaxRequestsPerMinute=100000 (latency and concurrency bound)",
            withAi: true,
            new Dictionary<string, string?> { ["Ai:MaxRequestsPerMinute"] = "100000" });
    }

    private async Task MeasureAsync(string label, bool withAi, IReadOnlyDictionary<string, string?>? extraSettings = null)
    {
        await using var ai = withAi ? await FakeOpenAiServer.StartAsync() : null;
        ai?.Latency = AiLatency;
        var settings = HostSettings.Merge(
            ai is null ? new Dictionary<string, string?>() : HostSettings.Ai(ai),
            new Dictionary<string, string?> { [$"Logging:LogLevel:{typeof(LeadPartitionWriter).FullName}"] = "Debug" },
            extraSettings ?? new Dictionary<string, string?>());
        await using var host = await RunningLocalHost.StartAsync(storage, settings);
        var api = new LeadApi(host, storage);

        // A small batch first, so JIT and connection set-up are not part of the figure.
        await api.WaitForBatchViewAsync(await api.UploadAsync(await api.CreateOfferAsync(), new LeadGenerator($"warm {label}").Leads(WarmUpLeads)), RunTimeout);
        var offerId = await api.CreateOfferAsync();
        var callsBefore = ai?.CallCount ?? 0;

        var conflictsBefore = Conflicts(host);
        var started = DateTimeOffset.UtcNow;
        var batchId = await api.UploadAsync(offerId, new LeadGenerator($"measure {label}").Leads(LeadCount));
        await Eventually.TrueAsync(
            async () => (await api.GetBatchViewAsync(batchId)).Status != "ingesting",
            RunTimeout,
            TimeSpan.FromMilliseconds(100),
            () => "the batch to be ingested");
        var ingested = (DateTimeOffset.UtcNow - started).TotalSeconds;
        var batch = await api.WaitForBatchViewAsync(batchId, RunTimeout);
        var leads = await api.LeadViewsAsync(offerId);

        BatchInvariants.AssertCompleted(batch);
        Assert.Equal(LeadCount, batch.Scored);
        Assert.All(leads, l => Assert.Equal(ai is null ? "rules-only" : "hybrid", ScoringPipelineApi.BreakdownOf(l).ScoringMethod));
        var firstScored = leads.Min(l => l.ScoredAt!.Value);
        var lastScored = leads.Max(l => l.ScoredAt!.Value);
        var endToEnd = (lastScored - started).TotalSeconds;
        var scoring = (lastScored - firstScored).TotalSeconds;
        output.WriteLine(
            $"{label}: {LeadCount} leads; upload → ingested {ingested:F1} s; upload → last scored {endToEnd:F1} s = {LeadCount / endToEnd:F1} leads/s; " +
            $"first → last scored {scoring:F1} s = {(LeadCount - 1) / scoring:F1} leads/s" +
            $"; lead transaction conflicts retried {Conflicts(host) - conflictsBefore}" +
            (ai is null ? "" : $"; AI calls {ai.CallCount - callsBefore}, most in flight {ai.MaxConcurrentCalls}"));
    }

    /// <summary>ETag conflicts <see cref="LeadPartitionWriter"/> re-planned (it logs each at Debug).</summary>
    private static int Conflicts(RunningLocalHost host) =>
        host.Logs.Entries.Count(e => e.Category == typeof(LeadPartitionWriter).FullName && e.Message.StartsWith("Lead transaction conflict", StringComparison.Ordinal));
}
