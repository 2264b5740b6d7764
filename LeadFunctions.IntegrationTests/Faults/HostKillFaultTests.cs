using Xunit.Abstractions;

namespace LeadFunctions.IntegrationTests.Faults;

/// <summary>
/// The local host, in its own process, killed with SIGKILL in the middle of a batch and started again on the same
/// storage: the batch completes and no lead is lost, duplicated or counted twice.
/// </summary>
[Collection(FaultsCollection.Name)]
[Trait("Category", FaultsCollection.Name)]
public sealed class HostKillFaultTests(AzuriteFixture storage, ITestOutputHelper output)
{
    // Generous: the machine may be busy; every wait is still bounded.
    private static readonly TimeSpan Phase = TimeSpan.FromMinutes(8);

    [Fact]
    public async Task A_host_killed_mid_scoring_and_started_again_completes_the_batch_without_duplicates()
    {
        const int Leads = 2000;
        await using var ai = await FakeOpenAiServer.StartAsync();

        // A slow model holds scoring back until the whole file is ingested; then a quicker one keeps the batch scoring
        // for a while, so the kill lands in the middle of scoring (ingest is the other test).
        ai.Latency = TimeSpan.FromSeconds(10);
        var names = PipelineNames.New(storage.ConnectionString);
        var environment = names.AsEnvironment(FakeAiSettings.For(ai));

        string offerId, batchId;
        await using (var first = await LocalHostProcess.StartAsync(environment))
        {
            var firstApi = new LeadApi(first.Http);
            offerId = await firstApi.CreateOfferAsync();
            batchId = await firstApi.UploadAsync(offerId, new LeadGenerator("Fault").Csv(Leads));
            await firstApi.WaitForBatchAsync(batchId, b => LeadApi.Status(b) != "ingesting", Phase);
            ai.Latency = TimeSpan.FromMilliseconds(100);
            await firstApi.WaitForBatchAsync(batchId, b => LeadApi.Number(b, "scored") >= Leads / 5, Phase);
            await first.KillAsync();
        }

        await using var second = await LocalHostProcess.StartAsync(environment);
        var api = new LeadApi(second.Http);
        var atRestart = await api.GetBatchAsync(batchId);
        Assert.Equal("scoring", LeadApi.Status(atRestart));
        Assert.InRange(LeadApi.Number(atRestart, "scored"), Leads / 5, Leads - 1);

        var resent = await CrashRecovery.FinishAsync(api, names, batchId, Phase);
        output.WriteLine($"Scored when the host was restarted: {LeadApi.Number(atRestart, "scored")}; re-sent after the restart: {resent}; AI calls {ai.CallCount}.");

        var settled = await BatchGuarantees.AssertSettledAsync(api, names, offerId, batchId, Leads);
        Assert.All(settled.ScoringMethods, method => Assert.Equal("hybrid", method));

        // Only what the killed process held in flight (at most batchSize + newBatchThreshold messages) had to be re-sent.
        Assert.InRange(resent, 0, HostQueueSettings.MessagesInFlight(File.ReadAllText(RepositoryRoot.Combine("host.json"))));
    }

    [Fact]
    public async Task A_host_killed_mid_ingest_resumes_its_unfinished_segments_without_duplicates()
    {
        const int Leads = 3_000;
        var names = PipelineNames.New(storage.ConnectionString);
        var environment = names.AsEnvironment(new Dictionary<string, string?>
        {
            ["Ai:Provider"] = "None",
            // Six segments, four at a time: the kill lands with some recorded, some part-written and some not started.
            ["LeadScoring:IngestSegmentRows"] = "500",
        });

        string offerId, batchId;
        // The first process ingests only: scoring messages it held when killed would stay hidden for their 10-minute
        // lease (the mid-scoring test covers that), and the re-send asserted below is about ingest's redo alone.
        var ingestOnly = new Dictionary<string, string>(environment) { ["AzureWebJobs.ScoreLead.Disabled"] = "true" };
        await using (var first = await LocalHostProcess.StartAsync(ingestOnly))
        {
            var firstApi = new LeadApi(first.Http);
            offerId = await firstApi.CreateOfferAsync();
            batchId = await firstApi.UploadAsync(offerId, new LeadGenerator("Fault").Csv(Leads));
            await Eventually.TrueAsync(
                async () => await firstApi.BatchLeadCountAsync(batchId) >= 200 || LeadApi.Status(await firstApi.GetBatchAsync(batchId)) != "ingesting",
                Phase,
                TimeSpan.FromMilliseconds(100),
                () => $"200 leads of batch {batchId} written");
            await first.KillAsync();
        }

        await using var second = await LocalHostProcess.StartAsync(environment);
        var api = new LeadApi(second.Http);
        var written = await api.BatchLeadCountAsync(batchId);
        Assert.Equal("ingesting", LeadApi.Status(await api.GetBatchAsync(batchId)));
        Assert.InRange(written, 1, Leads - 1);

        // The dead process's segment messages come back when their 10-minute queue lease runs out; the same upload written
        // again (a new ETag, the same batch id in its name) is that retry, now: the stand-in posts its event, and the
        // blob trigger queues again every segment not yet recorded (those recorded before the kill are not redone).
        var blob = names.Uploads().GetBlobClient($"{offerId}/{batchId}.csv");
        await blob.SetMetadataAsync((await blob.GetPropertiesAsync()).Value.Metadata);

        var resent = await CrashRecovery.FinishAsync(api, names, batchId, Phase);
        output.WriteLine($"Leads written when the host was killed: {written}; re-sent after the redo: {resent}.");

        var settled = await BatchGuarantees.AssertSettledAsync(api, names, offerId, batchId, Leads);
        Assert.Equal(Leads, LeadApi.Number(settled.Batch, "rows_total"));
        Assert.Equal(0, LeadApi.Number(settled.Batch, "duplicates"));
        Assert.Equal(0, resent);
    }
}
