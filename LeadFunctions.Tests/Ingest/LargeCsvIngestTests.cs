using System.Diagnostics;
using System.Globalization;
using System.IO.Pipelines;
using System.Text;
using System.Text.Json.Nodes;
using LeadFunctions.Ingest;
using LeadFunctions.Tests.Csv;
using LeadFunctions.Tests.Support;
using Xunit.Abstractions;

namespace LeadFunctions.Tests.Ingest;

/// <summary>
/// A 50,000-row file dropped into the uploads container is ingested to the last row: every accepted lead stored and
/// queued once, every rejected row and duplicate counted. Slow by nature (minutes on two cores):
/// <c>--filter Category!=Scale</c> leaves it out. Timings are printed, not asserted.
/// </summary>
[Collection(LargeCsvCollection.Name)]
[Trait("Category", "Scale")]
public sealed class LargeCsvIngestTests(AzuriteFixture storage, ITestOutputHelper output)
{
    private const int Rows = 50_000;

    /// <summary>Every 5,000th row repeats the row before it: 10 duplicates.</summary>
    private const int DuplicateEvery = 5_000;

    /// <summary>Every 10,000th row has neither name nor company: 5 rejected.</summary>
    private const int RejectEvery = 10_000;

    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(10);

    private static readonly string[] Roles = ["CEO", "Marketing Manager", "Software Engineer", "VP Sales", "Analyst"];

    private static readonly string[] Industries = ["B2B SaaS", "SaaS", "Retail", "Manufacturing"];

    [Fact]
    public async Task A_50000_row_csv_is_ingested_completely_with_counters_that_add_up()
    {
        // Ingest is what is proven here; scoring 50,000 leads on a 2-core CI machine belongs to the benchmarks. ScoreLead is
        // switched off with the app setting the Functions host itself honours, so every message stays on the queue.
        await using var host = await RunningLocalHost.StartAsync(storage, new Dictionary<string, string?>
        {
            ["AzureWebJobs.ScoreLead.Disabled"] = "true",
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
        await Eventually.TrueAsync(async () =>
        {
            HttpResponseMessage response;
            try
            {
                response = await api.Http.GetAsync($"/api/batches/{batchId}");
            }
            catch (TaskCanceledException)
            {
                // A status poll that times out while 50,000 leads are being written on 2 cores is "not yet", not a failure.
                return false;
            }

            using var _ = response;
            if (!response.IsSuccessStatusCode)
            {
                return false;
            }

            batch = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
            var status = batch["status"]!.GetValue<string>();
            if (status != "ingesting")
            {
                ingested ??= clock.Elapsed;
            }

            return status != "ingesting";
        }, Timeout, TimeSpan.FromSeconds(2), () => $"the 50,000-row batch to finish ingesting; last seen: {batch?.ToJsonString()}");
        const long rejected = Rows / RejectEvery, duplicates = Rows / DuplicateEvery, accepted = Rows - rejected - duplicates;

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
    }

    /// <summary>Row <paramref name="row"/> (1-based, the header is line 1) has neither name nor company.</summary>
    private static bool IsRejected(int row) => row % RejectEvery == 1_234;

    private static async Task WriteCsvAsync(PipeWriter pipe)
    {
        await using (var writer = new StreamWriter(pipe.AsStream(), new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024))
        {
            await writer.WriteAsync(CsvCorpus.Header + "\n");
            for (var row = 1; row <= Rows; row++)
            {
                var lead = row % DuplicateEvery == 0 ? row - 1 : row;
                var (name, company) = IsRejected(row) ? ("", "") : ($"Lead {lead:D5}", $"Company {lead % 7_919:D4}-{lead:D5}");
                await writer.WriteAsync(string.Create(CultureInfo.InvariantCulture,
                    $"{name},{Roles[lead % Roles.Length]},{company},{Industries[lead % Industries.Length]},City {lead % 100},\"Bio of lead {lead}, generated\"\n"));
            }
        }
    }
}
