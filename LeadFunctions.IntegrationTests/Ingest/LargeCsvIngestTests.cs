using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace LeadFunctions.IntegrationTests.Ingest;

/// <summary>
/// A 20,000-row file dropped into the uploads container is ingested to the last row in segments of 1,000 rows, with
/// <c>functionTimeout</c> at one minute: every accepted lead stored and queued once, every rejected row and duplicate
/// counted (repeats sit in other segments than their first occurrence), the batch's counters growing while it ingests,
/// and no function run near the timeout. The 100,000- and 1,000,000-row runs are benchmarks
/// (<c>LeadFunctions.Benchmarks --scenario segments</c>). Slow by nature (minutes on two cores):
/// <c>--filter Category!=Scale</c> leaves it out. Timings are printed, not asserted.
/// </summary>
[Collection(LargeCsvCollection.Name)]
[Trait("Category", "Scale")]
public sealed class LargeCsvIngestTests(AzuriteFixture storage, ITestOutputHelper output)
{
    private const int Rows = 20_000;

    private const int SegmentRows = 1_000;

    /// <summary>The first row of every segment but the first repeats the row before it, the last of the segment before: 19 duplicates.</summary>
    private const int DuplicateEvery = 1_000;

    /// <summary>Every 5,000th row has neither name nor company: 4 rejected.</summary>
    private const int RejectEvery = 5_000;

    private static readonly TimeSpan FunctionTimeout = TimeSpan.FromMinutes(1);

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task A_20000_row_csv_is_ingested_in_segments_completely_with_counters_that_add_up_and_grow()
    {
        // Ingest is what is proven here; scoring 20,000 leads on a 2-core CI machine belongs to the benchmarks. ScoreLead is
        // switched off with the app setting the Functions host itself honours, so every message stays on the queue.
        await using var host = await RunningLocalHost.StartAsync(storage, new Dictionary<string, string?>
        {
            ["AzureWebJobs.ScoreLead.Disabled"] = "true",
            ["AzureFunctionsJobHost:functionTimeout"] = FunctionTimeout.ToString(),
            ["LeadScoring:IngestSegmentRows"] = SegmentRows.ToString(CultureInfo.InvariantCulture),
        });
        var api = new LeadApi(host, storage);
        var offerId = await api.CreateOfferAsync();
        await api.Uploads.CreateIfNotExistsAsync();
        var name = $"{offerId}/large.csv";
        var blob = api.Uploads.GetBlobClient(name);

        // The file is generated while it uploads: the SDK reads it from a pipe in blocks and commits it once.
        var clock = Stopwatch.StartNew();
        var pipe = new Pipe();
        var writing = WriteCsvAsync(pipe.Writer);
        var info = (await LeadApi.WriteAsync(() => blob.UploadAsync(pipe.Reader.AsStream()))).Value;
        await writing;
        var batchId = BatchIds.ForBlob(api.Uploads.Name, name, info.ETag);
        var written = clock.Elapsed;

        TimeSpan? ingested = null;
        JsonObject batch = null!;
        var rowsSeen = new List<long>();
        await Eventually.TrueAsync(async () =>
        {
            HttpResponseMessage response;
            try
            {
                response = await api.Http.GetAsync($"/api/batches/{batchId}");
            }
            catch (TaskCanceledException)
            {
                // A status poll that times out while 20,000 leads are being written on 2 cores is "not yet", not a failure.
                return false;
            }

            using var _ = response;
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            batch = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            var status = batch["status"]!.GetValue<string>();
            rowsSeen.Add(batch["rows_total"]!.GetValue<long>());
            if (status != "ingesting")
            {
                ingested ??= clock.Elapsed;
            }

            return status != "ingesting";
        }, Timeout, TimeSpan.FromSeconds(1), () => $"the 20,000-row batch to finish ingesting; last seen: {batch?.ToJsonString()}");
        long rejected = Enumerable.Range(1, Rows).Count(IsRejected), duplicates = Enumerable.Range(1, Rows).Count(IsDuplicate);
        var accepted = Rows - rejected - duplicates;
        Assert.Equal((4L, 19L), (rejected, duplicates));

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{Rows:N0} rows ({info.ETag}): written to blob storage in {written.TotalSeconds:0.0} s; ingested (trigger pickup + parse + lead writes + queueing) " +
            $"{(ingested!.Value - written).TotalSeconds:0.0} s later ({accepted / Math.Max((ingested.Value - written).TotalSeconds, 0.001):0} rows/s)."));

        Assert.Equal("scoring", batch["status"]!.GetValue<string>());
        long Count(string counter) => batch[counter]!.GetValue<long>();
        Assert.Equal((Rows, accepted, rejected, duplicates), (Count("rows_total"), Count("rows_accepted"), Count("rows_rejected"), Count("duplicates")));
        Assert.Equal(0L, Count("failed"));
        Assert.Equal(
            Enumerable.Range(1, Rows).Where(IsRejected).Select(i => (long)i + 1),
            batch["errors"]!.AsArray().Select(e => e!["row"]!.GetValue<long>()));
        Assert.Equal(accepted, await api.LeadCountAsync(offerId));
        var queued = await storage.CreateQueueServiceClient().GetQueueClient(host.ScoringQueue).GetPropertiesAsync();
        Assert.Equal(accepted, queued.Value.ApproximateMessagesCount);

        // Progress: rows read so far, never going back, seen part-way at least once.
        Assert.Equal(rowsSeen.Order(), rowsSeen);
        Assert.Contains(rowsSeen, r => r is > 0 and < Rows);
        var runs = host.Recorder.Invocations.Where(i => i.FunctionName is "IngestSegment" or "IngestUploadedCsv").ToList();
        Assert.All(runs, run => Assert.True(run.Succeeded && run.Duration < FunctionTimeout, $"{run.FunctionName} ran {run.Duration}"));
        Assert.True(runs.Count(r => r.FunctionName == "IngestSegment") >= (Rows / SegmentRows) + 1, "a planning step and one run per segment");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{runs.Count} ingest runs, the longest {runs.Max(r => r.Duration).TotalSeconds:0.0} s."));
    }

    /// <summary>Row <paramref name="row"/> (1-based, the header is line 1) has neither name nor company.</summary>
    private static bool IsRejected(int row) => row % RejectEvery == 1_234;

    private static bool IsDuplicate(int row) => row > DuplicateEvery && row % DuplicateEvery == 1;

    /// <summary>Generated leads, with every rejected row blanked and every duplicate a copy of the row before it.</summary>
    private static async Task WriteCsvAsync(PipeWriter pipe)
    {
        var leads = new LeadGenerator("Large");
        await using var stream = pipe.AsStream();
        await LeadGenerator.WriteCsvAsync(
            stream,
            Enumerable.Range(1, Rows).Select(row => IsRejected(row)
                ? leads.Lead(row).Fields with { Name = "", Company = "" }
                : leads.Lead(IsDuplicate(row) ? row - 1 : row).Fields),
            CancellationToken.None);
    }
}
