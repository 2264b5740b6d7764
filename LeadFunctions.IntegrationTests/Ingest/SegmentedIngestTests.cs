using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.IntegrationTests.Ingest;

/// <summary>
/// A file is ingested in segments of <c>IngestSegmentRows</c> rows that run in any order, more than once, or side by
/// side. Here the segment function is switched off and the test runs the planner and the segments itself, in the order
/// it chooses, with two rows per segment so every repeat of a lead sits in another segment than its first occurrence.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SegmentedIngestTests(SegmentedIngestTests.Fixture fixture) : IClassFixture<SegmentedIngestTests.Fixture>
{
    public sealed class Fixture(AzuriteFixture storage) : LocalHostFixture(storage)
    {
        protected override IReadOnlyDictionary<string, string?> Settings { get; } = new Dictionary<string, string?>
        {
            ["AzureWebJobs.IngestSegment.Disabled"] = "true",
            ["LeadScoring:IngestSegmentRows"] = "2",
        };
    }

    /// <summary>
    /// Lines 2–9 (a BOM, CRLF line breaks, a quoted bio over two lines, a blank line): Ava (line 2) and Ben (line 3) come
    /// again on lines 6 and 9 with other roles; line 8 has neither name nor company. Segments: lines 2–3, 4–6, 8–9.
    /// </summary>
    private static readonly string Csv =
        "\uFEFF" + CsvCorpus.Header + "\r\n" +
        "Ava Patel,CEO,FlowMetrics,SaaS,Pune,first\r\n" +
        "Ben Okafor,VP Sales,Northwind,Retail,Lagos,first\r\n" +
        "Cara Diaz,CTO,Globex,SaaS,Madrid,\"two\r\nlines\"\r\n" +
        "ava patel,Intern,FlowMetrics,SaaS,Pune,again\r\n" +
        "\r\n" +
        ",CTO,,SaaS,Pune,nobody\r\n" +
        "Ben Okafor,Analyst,Northwind,Retail,Lagos,again\r\n";

    /// <summary>Two rows, so one segment (IngestSegmentRows is 2 here): one lead, and line 3 rejected.</summary>
    private static readonly string OneSegmentCsv = CsvCorpus.Header + "\nAva Patel,CEO,FlowMetrics,SaaS,Pune,first\n,CTO,,SaaS,Pune,nobody\n";

    private readonly LeadApi _api = fixture.Api;

    private IServiceProvider Services => fixture.Host.Services;

    [Theory]
    [InlineData(new[] { 0, 1, 2 })]
    [InlineData(new[] { 2, 1, 0 })]
    [InlineData(new[] { 1, 2, 0 })]
    public async Task Repeats_split_across_segments_count_as_duplicates_and_the_earliest_line_owns_the_lead_in_any_order(int[] order)
    {
        var (offerId, batchId) = await PlannedAsync();

        foreach (var segment in order)
        {
            await RunSegmentAsync(batchId, segment);
        }

        var batch = await _api.WaitForBatchAsync(batchId);
        Assert.Equal((6L, 3L, 1L, 2L), Counters(batch));
        Assert.Equal([8L], batch["errors"]!.AsArray().Select(e => e!["row"]!.GetValue<long>()));
        var leads = (await _api.LeadsAsync(offerId)).ToDictionary(l => l["name"]!.GetValue<string>(), l => l["role"]!.GetValue<string>());
        Assert.Equal(new Dictionary<string, string> { ["Ava Patel"] = "CEO", ["Ben Okafor"] = "VP Sales", ["Cara Diaz"] = "CTO" }, leads);
    }

    [Fact]
    public async Task Counters_grow_segment_by_segment_and_a_segment_run_again_or_twice_at_once_counts_once()
    {
        var (offerId, batchId) = await PlannedAsync();

        await Task.WhenAll(RunSegmentAsync(batchId, 1), RunSegmentAsync(batchId, 1));
        var partial = await BatchAsync(batchId);
        Assert.Equal("ingesting", partial["status"]!.GetValue<string>());
        Assert.Equal((2L, 0L), (partial["rows_total"]!.GetValue<long>(), partial["rows_rejected"]!.GetValue<long>()));

        await RunSegmentAsync(batchId, 1);
        await RunSegmentAsync(batchId, 0);
        await RunSegmentAsync(batchId, 2);
        await RunSegmentAsync(batchId, 0);

        Assert.Equal((6L, 3L, 1L, 2L), Counters(await _api.WaitForBatchAsync(batchId)));
        Assert.Equal(3, await _api.LeadCountAsync(offerId));
    }

    [Fact]
    public async Task A_file_of_one_segment_is_ingested_in_the_blob_triggers_run_and_its_queued_message_then_changes_nothing()
    {
        // Two rows: one segment (IngestSegmentRows is 2 here); the segment function is off, so only the blob trigger's run ingests.
        var (offerId, batchId) = await ThroughBlobTriggerAsync(OneSegmentCsv);

        var segments = Services.GetRequiredService<BatchSegments>();
        Assert.True((await segments.GetAsync(batchId, 0, CancellationToken.None))!.Done);
        Assert.Null(await segments.GetAsync(batchId, 1, CancellationToken.None));
        Assert.Equal((2L, 1L, 1L, 0L), Counters(await BatchAsync(batchId)));

        // The segment's message, queued as the fallback, arrives later (or twice): nothing more is written or counted.
        await RunSegmentAsync(batchId, 0);
        await RunSegmentAsync(batchId, 0);
        var batch = await _api.WaitForBatchAsync(batchId);
        Assert.Equal((2L, 1L, 1L, 0L), Counters(batch));
        Assert.Equal((1L, 0L), (batch["scored"]!.GetValue<long>(), batch["failed"]!.GetValue<long>()));
        Assert.Equal([3L], batch["errors"]!.AsArray().Select(e => e!["row"]!.GetValue<long>()));
        Assert.Equal(1, await _api.LeadCountAsync(offerId));
    }

    [Fact]
    public async Task A_one_segment_file_whose_run_in_the_blob_trigger_fails_is_ingested_once_by_its_queued_message()
    {
        // The blob trigger's service as the app builds it, except that its segment run reads the file through a blob
        // client whose every request fails (storage down, for that run only).
        var failingBlobs = new BlobServiceClient(fixture.Storage.ConnectionString, FailingClientOptions());
        var ingestor = ActivatorUtilities.CreateInstance<BatchIngestor>(Services,
            ActivatorUtilities.CreateInstance<SegmentIngestor>(Services, new SegmentSource(failingBlobs)));
        var queued = await IngestQueueLengthAsync();

        var (offerId, batchId) = await ThroughBlobTriggerAsync(OneSegmentCsv, ingestor);

        // The run failed quietly: nothing counted, the segment not done and let go at once, its one message queued.
        var segment = (await Services.GetRequiredService<BatchSegments>().GetAsync(batchId, 0, CancellationToken.None))!;
        Assert.False(segment.Done);
        Assert.True(segment.RunningUntil <= DateTimeOffset.UtcNow, $"the segment is still held until {segment.RunningUntil:O}");
        Assert.Equal(1, await IngestQueueLengthAsync() - queued);
        var partial = await BatchAsync(batchId);
        Assert.Equal(("ingesting", 0L), (partial["status"]!.GetValue<string>(), partial["rows_total"]!.GetValue<long>()));
        Assert.Contains(fixture.Host.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains(batchId) && e.Exception is RequestFailedException);

        // That message, delivered (twice), ingests the file once.
        await RunSegmentAsync(batchId, 0);
        await RunSegmentAsync(batchId, 0);
        var batch = await _api.WaitForBatchAsync(batchId);
        Assert.Equal((2L, 1L, 1L, 0L), Counters(batch));
        Assert.Equal([3L], batch["errors"]!.AsArray().Select(e => e!["row"]!.GetValue<long>()));
        Assert.Equal(1, await _api.LeadCountAsync(offerId));
    }

    [Fact]
    public async Task A_one_segment_file_that_finds_no_free_ingest_slot_is_left_to_its_queued_message_without_queueing_another()
    {
        var slots = Services.GetRequiredService<IngestSlots>();
        var taken = 0;
        while (taken < 64 && await slots.WaitAsync(TimeSpan.Zero, CancellationToken.None))
        {
            taken++;
        }

        var queued = await IngestQueueLengthAsync();
        string offerId, batchId;
        try
        {
            // The blob trigger's run waits for a slot (SegmentIngestor's SlotWait, 5 s), then leaves the segment.
            (offerId, batchId) = await ThroughBlobTriggerAsync(OneSegmentCsv);
        }
        finally
        {
            for (; taken > 0; taken--)
            {
                slots.Release();
            }
        }

        // A segment message queued again here (rather than left to the one already queued) would show in the length.
        Assert.False((await Services.GetRequiredService<BatchSegments>().GetAsync(batchId, 0, CancellationToken.None))!.Done);
        Assert.Equal(1, await IngestQueueLengthAsync() - queued);
        Assert.Equal(0L, (await BatchAsync(batchId))["rows_total"]!.GetValue<long>());

        await RunSegmentAsync(batchId, 0);
        Assert.Equal((2L, 1L, 1L, 0L), Counters(await _api.WaitForBatchAsync(batchId)));
        Assert.Equal(1, await _api.LeadCountAsync(offerId));
    }

    [Fact]
    public async Task A_segment_another_run_holds_is_left_to_it_until_that_run_lets_it_go()
    {
        var (_, batchId) = await PlannedAsync();
        var segments = Services.GetRequiredService<BatchSegments>();
        Assert.True(await segments.TryClaimAsync((await segments.GetAsync(batchId, 0, CancellationToken.None))!, "another-run", CancellationToken.None));

        // A second message for the held segment goes back to the queue: nothing read, written or counted.
        await RunSegmentAsync(batchId, 0);
        Assert.Equal(0L, (await BatchAsync(batchId))["rows_total"]!.GetValue<long>());
        Assert.False(await segments.TryClaimAsync((await segments.GetAsync(batchId, 0, CancellationToken.None))!, "a-third-run", CancellationToken.None));

        // Let go (the holder failed, or its hold ran out), the segment runs and counts once.
        await segments.ReleaseAsync(batchId, 0, CancellationToken.None);
        await RunSegmentAsync(batchId, 0);
        await RunSegmentAsync(batchId, 0);
        Assert.Equal((2L, 0L), ((await BatchAsync(batchId))["rows_total"]!.GetValue<long>(), (await BatchAsync(batchId))["rows_rejected"]!.GetValue<long>()));
    }

    [Fact]
    public async Task A_segment_the_ingest_queue_gives_up_on_fails_its_batch_with_a_reason()
    {
        var (_, batchId) = await PlannedAsync();
        await RunSegmentAsync(batchId, 0);

        await Queues.GetQueueClient(LeadScoringOptions.PoisonQueueOf(Options.IngestQueue)).SendMessageAsync(
            $$"""{"batch_id":"{{batchId}}","kind":"segment","segment":1}""");

        var batch = await _api.WaitForBatchAsync(batchId);
        Assert.Equal("failed", batch["status"]!.GetValue<string>());
        var reason = Assert.Single(batch["errors"]!.AsArray(), e => e!["row"] is null)!["message"]!.GetValue<string>();
        Assert.Equal(RecordPoisonedIngestFunction.Reason, reason);

        // A late run of the segment changes nothing on a failed batch.
        await RunSegmentAsync(batchId, 1);
        Assert.Equal(2L, (await BatchAsync(batchId))["rows_total"]!.GetValue<long>());
    }

    [Fact]
    public async Task Segments_of_an_offer_deleted_while_they_were_queued_write_nothing()
    {
        var (offerId, batchId) = await PlannedAsync();
        await RunSegmentAsync(batchId, 0);

        using var deleted = await _api.Http.DeleteAsync($"/api/offer/{offerId}");
        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Equal("completed", (await _api.WaitForOperationAsync(deleted))["status"]!.GetValue<string>());
        await RunSegmentAsync(batchId, 1);
        await RunSegmentAsync(batchId, 2);
        await Services.GetRequiredService<SegmentPlanner>().PlanAsync(new IngestMessage(batchId, IngestMessage.Plan, 0, 0, 2), CancellationToken.None);

        var tables = Services.GetRequiredService<LeadTables>();
        var leads = await tables.GetAsync(LeadTables.Leads, CancellationToken.None);
        Assert.Empty(await leads.QueryAsync<TableEntity>(e => e.PartitionKey == offerId && e.RowKey.CompareTo("lead-") >= 0 && e.RowKey.CompareTo("lead.") < 0).ToListAsync());
        var batches = await tables.GetAsync(LeadTables.Batches, CancellationToken.None);
        Assert.Empty(await batches.QueryAsync<TableEntity>(e => e.PartitionKey == batchId).ToListAsync());
    }

    private QueueServiceClient Queues => fixture.Storage.CreateQueueServiceClient();

    private LeadScoringOptions Options => Services.GetRequiredService<IOptions<LeadScoringOptions>>().Value;

    /// <summary>A CSV for a new offer in a container no trigger watches, through the blob trigger's service only.</summary>
    private async Task<(string OfferId, string BatchId)> ThroughBlobTriggerAsync(string csv, BatchIngestor? ingestor = null)
    {
        var offerId = await _api.CreateOfferAsync();
        var container = fixture.Storage.CreateBlobServiceClient().GetBlobContainerClient(AzuriteFixture.NewContainerName("segments"));
        await container.CreateAsync();
        var name = $"{offerId}/leads.csv";
        var info = (await container.UploadBlobAsync(name, BinaryData.FromBytes(Encoding.UTF8.GetBytes(csv)))).Value;
        await (ingestor ?? Services.GetRequiredService<BatchIngestor>()).IngestAsync(container.GetBlobClient(name), name, CancellationToken.None);
        return (offerId, BatchIds.ForBlob(container.Name, name, info.ETag));
    }

    /// <summary>The test CSV through the blob trigger's service, then its planning step again, twice.</summary>
    private async Task<(string OfferId, string BatchId)> PlannedAsync()
    {
        var (offerId, batchId) = await ThroughBlobTriggerAsync(Csv);
        var header = (await Services.GetRequiredService<BatchRepository>().GetAsync(batchId, CancellationToken.None))!;
        Assert.True(header.PlanQueued);
        var planner = Services.GetRequiredService<SegmentPlanner>();
        var step = new IngestMessage(batchId, IngestMessage.Plan, 0, header.DataStart, header.DataStartLine);
        await planner.PlanAsync(step, CancellationToken.None);
        await planner.PlanAsync(step, CancellationToken.None);

        var segments = Services.GetRequiredService<BatchSegments>();
        var planned = new List<SegmentEntity>();
        for (var i = 0; await segments.GetAsync(batchId, i, CancellationToken.None) is { } segment; i++)
        {
            planned.Add(segment);
        }

        Assert.Equal([2, 4, 8], planned.Select(s => s.StartLine));
        // A file of several segments is left to the ingest queue: the blob trigger's run ingested none of them.
        Assert.All(planned, s => Assert.False(s.Done));
        Assert.Equal(3, (await Services.GetRequiredService<BatchRepository>().GetAsync(batchId, CancellationToken.None))!.SegmentsPlanned);
        return (offerId, batchId);
    }

    /// <summary>Messages on the ingest queue, those not yet visible included (the segment function is off here).</summary>
    private async Task<int> IngestQueueLengthAsync() => (await Queues.GetQueueClient(Options.IngestQueue).GetPropertiesAsync()).Value.ApproximateMessagesCount;

    /// <summary>Options for a blob client whose every request fails at once, as a storage outage would, without retries.</summary>
    private static BlobClientOptions FailingClientOptions()
    {
        var options = new BlobClientOptions { Retry = { MaxRetries = 0 } };
        options.AddPolicy(new FailEveryRequest(), HttpPipelinePosition.PerCall);
        return options;
    }

    private sealed class FailEveryRequest : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message) =>
            throw new RequestFailedException(503, "Injected by the test: the storage is unavailable.");
    }

    private Task RunSegmentAsync(string batchId, int segment) =>
        Services.GetRequiredService<SegmentIngestor>().IngestAsync(new IngestMessage(batchId, IngestMessage.Ingest, segment), CancellationToken.None);

    private async Task<JsonObject> BatchAsync(string batchId) => (await _api.Http.GetFromJsonAsync<JsonObject>($"/api/batches/{batchId}"))!;

    private static (long Total, long Accepted, long Rejected, long Duplicates) Counters(JsonObject batch) =>
        (batch["rows_total"]!.GetValue<long>(), batch["rows_accepted"]!.GetValue<long>(), batch["rows_rejected"]!.GetValue<long>(), batch["duplicates"]!.GetValue<long>());
}
