using System.Text;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Specialized;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.IntegrationTests.Ingest;

/// <summary>
/// Blob triggers may fire more than once (docs/guarantees.md#delivery): <see cref="BatchIngestor"/> run again on the same blob — one after the
/// other, at once, after the batch completed, or beside the real trigger — makes one batch and no duplicate leads: one
/// run marks the batch's planning queued, the others find it so, and every later step is idempotent.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BatchIngestorTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    /// <summary>The seed, an in-file duplicate of Ava and a row with neither name nor company: 5 rows, 3 accepted.</summary>
    private static readonly string Csv = CsvCorpus.Seed + "ava patel,CEO, FlowMetrics ,SaaS,Pune,again\n,CTO,,SaaS,Pune,nobody\n";

    private static readonly (long Total, long Accepted, long Rejected, long Duplicates) ExpectedCounters = (5, 3, 1, 1);

    private readonly LeadApi _api = fixture.Api;

    private BatchIngestor Ingestor => fixture.Host.Services.GetRequiredService<BatchIngestor>();

    [Fact]
    public async Task The_same_blob_ingested_twice_and_again_after_completion_is_one_batch_with_the_same_leads()
    {
        var offerId = await _api.CreateOfferAsync();
        // A container no trigger watches, so only these calls ingest the blob.
        var container = fixture.Storage.CreateBlobServiceClient().GetBlobContainerClient(AzuriteFixture.NewContainerName("manual"));
        await container.CreateAsync();
        var name = $"{offerId}/leads.csv";
        var info = (await container.UploadBlobAsync(name, BinaryData.FromString(Csv))).Value;
        var blob = container.GetBlobClient(name);
        var expectedBatchId = BatchIds.ForBlob(container.Name, name, info.ETag);

        await Ingestor.IngestAsync(blob, name, CancellationToken.None);
        await Ingestor.IngestAsync(blob, name, CancellationToken.None);

        var batch = await _api.WaitForBatchAsync(expectedBatchId);
        AssertOneCompletedBatch(await _api.ListBatchesAsync(offerId), batch, expectedBatchId);
        var leads = await _api.LeadsAsync(offerId);
        Assert.Equal(3, leads.Count);
        Assert.Equal(3, leads.Select(l => l["id"]!.GetValue<string>()).Distinct().Count());

        await Ingestor.IngestAsync(blob, name, CancellationToken.None);

        var again = await _api.WaitForBatchAsync(expectedBatchId);
        Assert.Equal(batch.ToJsonString(), again.ToJsonString());
        Assert.Equal(Snapshot(leads), Snapshot(await _api.LeadsAsync(offerId)));
    }

    [Fact]
    public async Task Concurrent_runs_beside_the_real_trigger_make_one_batch_and_count_each_lead_once()
    {
        var offerId = await _api.CreateOfferAsync();
        var name = $"{offerId}/dropped.csv";
        var batchId = await _api.DropAsync(name, BinaryData.FromString(Csv));
        var blob = _api.Uploads.GetBlobClient(name);

        await Task.WhenAll(Ingestor.IngestAsync(blob, name, CancellationToken.None), Ingestor.IngestAsync(blob, name, CancellationToken.None));
        var first = await _api.WaitForBatchAsync(batchId);
        var leads = await _api.LeadsAsync(offerId);
        var trigger = await fixture.Host.Recorder.WaitForAsync(
            i => i.FunctionName == "IngestUploadedCsv" && Equals(i.Arguments.GetValueOrDefault("name"), name), LeadApi.BatchTimeout);

        Assert.True(trigger.Succeeded);
        var batch = await _api.WaitForBatchAsync(batchId);
        AssertOneCompletedBatch(await _api.ListBatchesAsync(offerId), batch, batchId);
        Assert.Equal(first.ToJsonString(), batch.ToJsonString());
        Assert.Equal("blob", batch["source"]!.GetValue<string>());
        Assert.Equal(Snapshot(leads), Snapshot(await _api.LeadsAsync(offerId)));
        Assert.Equal(3, await _api.LeadCountAsync(offerId));
    }

    /// <summary>The test CSV in a container no trigger watches, so only the test's calls ingest it.</summary>
    private async Task<(BlobClient Blob, string Name, string BatchId, string OfferId)> UnwatchedBlobAsync()
    {
        var offerId = await _api.CreateOfferAsync();
        var container = fixture.Storage.CreateBlobServiceClient().GetBlobContainerClient(AzuriteFixture.NewContainerName("manual"));
        await container.CreateAsync();
        var name = $"{offerId}/leads.csv";
        var info = (await container.UploadBlobAsync(name, BinaryData.FromString(Csv))).Value;
        return (container.GetBlobClient(name), name, BatchIds.ForBlob(container.Name, name, info.ETag), offerId);
    }

    [Fact]
    public async Task A_batch_that_fails_on_every_attempt_says_so_in_a_sentence_without_the_exception()
    {
        const string Internals = "Connection refused (st-secret.blob.core.windows.net:443)";
        var offerId = await _api.CreateOfferAsync();
        var name = $"{offerId}/unreadable.csv";

        // Outside the uploads container, so the real trigger leaves it to this test.
        var container = _api.Uploads.GetParentBlobServiceClient().GetBlobContainerClient($"unreadable-{Guid.NewGuid():N}");
        await container.CreateAsync();
        var real = container.GetBlobClient(name);
        await real.UploadAsync(BinaryData.FromString(Csv));
        var blob = new UnreadableBlob(real, new IOException(Internals));

        for (var attempt = 1; attempt < BatchIngestor.MaxAttempts; attempt++)
        {
            await Assert.ThrowsAsync<IOException>(() => Ingestor.IngestAsync(blob, name, CancellationToken.None));
        }

        await Ingestor.IngestAsync(blob, name, CancellationToken.None);

        var batch = Assert.Single(await _api.ListBatchesAsync(offerId))!;
        Assert.Equal("failed", batch["status"]!.GetValue<string>());
        var reason = Assert.Single(batch["errors"]!.AsArray())!["message"]!.GetValue<string>();
        Assert.Equal(BatchIngestor.FailedAttemptsReason(BatchIngestor.MaxAttempts), reason);
        Assert.DoesNotContain("secret", batch.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(IOException), batch.ToJsonString(), StringComparison.Ordinal);
        await container.DeleteAsync();
    }

    private static void AssertOneCompletedBatch(JsonArray listed, JsonObject batch, string batchId)
    {
        Assert.Equal([batchId], listed.Select(b => b!["batch_id"]!.GetValue<string>()));
        Assert.Equal("completed", batch["status"]!.GetValue<string>());
        Assert.Equal(ExpectedCounters, (Count(batch, "rows_total"), Count(batch, "rows_accepted"), Count(batch, "rows_rejected"), Count(batch, "duplicates")));
        Assert.Equal((3L, 0L), (Count(batch, "scored"), Count(batch, "failed")));
        var error = Assert.Single(batch["errors"]!.AsArray())!;
        Assert.Equal(6, error["row"]!.GetValue<long>());
    }

    /// <summary>A blob whose properties read but whose content cannot be opened, as when storage drops the connection.</summary>
    private sealed class UnreadableBlob(BlobClient real, Exception failure) : BlobClient
    {
        public override string BlobContainerName => real.BlobContainerName;

        public override string Name => real.Name;

        public override Task<Azure.Response<Azure.Storage.Blobs.Models.BlobProperties>> GetPropertiesAsync(
            Azure.Storage.Blobs.Models.BlobRequestConditions? conditions = null, CancellationToken cancellationToken = default) =>
            real.GetPropertiesAsync(conditions, cancellationToken);

        public override Task<Stream> OpenReadAsync(Azure.Storage.Blobs.Models.BlobOpenReadOptions options, CancellationToken cancellationToken = default) =>
            Task.FromException<Stream>(failure);
    }

    private static long Count(JsonNode batch, string counter) => batch[counter]!.GetValue<long>();

    /// <summary>What must not change when a blob is ingested again: each lead's id, batch, state, score and scoring time.</summary>
    private static IEnumerable<string> Snapshot(IEnumerable<JsonObject> leads) =>
        leads.Select(l => $"{l["id"]} {l["batch_id"]} {l["status"]} {l["score"]} {l["scored_at"]}").Order(StringComparer.Ordinal);
}
