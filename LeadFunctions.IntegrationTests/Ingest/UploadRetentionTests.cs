using System.Text;
namespace LeadFunctions.IntegrationTests.Ingest;

/// <summary><c>LeadScoring__KeepUploadsFor</c>: an uploaded CSV (personal data) is kept only that long after its batch is ingested.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class UploadRetentionTests(UploadRetentionTests.KeepNoCopyFixture fixture) : IClassFixture<UploadRetentionTests.KeepNoCopyFixture>
{
    [Fact]
    public async Task With_zero_the_csv_is_deleted_once_its_batch_is_ingested_and_the_batch_keeps_its_counts()
    {
        var api = fixture.Api;
        var offerId = await api.CreateOfferAsync();

        var batchId = await api.UploadAcceptedAsync(offerId, Encoding.UTF8.GetBytes(CsvCorpus.Seed));

        var batch = await api.WaitForBatchAsync(batchId);
        Assert.Equal(("completed", 3L), (batch["status"]!.GetValue<string>(), batch["rows_accepted"]!.GetValue<long>()));
        var blob = api.Uploads.GetBlobClient($"{offerId}/{batchId}.csv");
        await Eventually.TrueAsync(async () => !await blob.ExistsAsync(), LeadApi.BatchTimeout, TimeSpan.FromMilliseconds(250), () => "the CSV to be deleted");
        Assert.Equal(3, await api.LeadCountAsync(offerId));
    }

    [Fact]
    public void By_default_a_csv_is_kept_for_seven_days() =>
        Assert.Equal(TimeSpan.FromDays(7), new LeadScoringOptions().KeepUploadsFor);

    public sealed class KeepNoCopyFixture(AzuriteFixture storage) : LocalHostFixture(storage)
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["LeadScoring:KeepUploadsFor"] = "00:00:00" };
    }
}
