using System.Text.Json.Nodes;
using Azure.Storage.Blobs.Models;
namespace LeadFunctions.IntegrationTests.Ingest;

/// <summary>
/// A blob belongs to the offer its path names (docs/guarantees.md#which-batch-a-blob-is): an uploaded blob copied, with its metadata, into another
/// offer's folder is a batch of that offer; metadata never decides the batch, offer or source.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobLocationTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    private const string OtherLead = "name,role,company,industry,location,linkedin_bio\nZoe Kim,VP Sales,Brightline,B2B SaaS,Oslo,Sells things\n";

    private readonly LeadApi _api = fixture.Api;

    [Fact]
    public async Task An_uploaded_blob_copied_with_its_metadata_into_another_offers_folder_becomes_a_batch_of_that_offer()
    {
        var (offerA, offerB) = (await _api.CreateOfferAsync(), await _api.CreateOfferAsync());
        var uploadedId = await _api.UploadAcceptedAsync(offerA, System.Text.Encoding.UTF8.GetBytes(CsvCorpus.Seed));
        var uploaded = await _api.WaitForBatchAsync(uploadedId);

        var source = _api.Uploads.GetBlobClient($"{offerA}/{uploadedId}.csv");
        var metadata = (await source.GetPropertiesAsync()).Value.Metadata;
        Assert.Equal(uploadedId, metadata[BatchIds.MetadataKey]);
        var copyName = $"{offerB}/{uploadedId}.csv";
        var copy = await LeadApi.WriteAsync(() => _api.Uploads.GetBlobClient(copyName).UploadAsync(
            BinaryData.FromString(CsvCorpus.Seed), new BlobUploadOptions { Metadata = new Dictionary<string, string>(metadata) { ["source"] = "http" } }));

        var copied = await _api.WaitForBatchAsync(BatchIds.ForBlob(_api.Uploads.Name, copyName, copy.Value.ETag));

        Assert.Equal((offerB, "blob", "completed", 3L), (Text(copied, "offer_id"), Text(copied, "source"), Text(copied, "status"), Count(copied, "rows_accepted")));
        Assert.Equal(3, (await _api.LeadsAsync(offerB)).Count);
        Assert.Equal(3, (await _api.LeadsAsync(offerA)).Count);
        Assert.Equal(uploaded.ToJsonString(), (await _api.WaitForBatchAsync(uploadedId)).ToJsonString());
        Assert.Equal([copied["batch_id"]!.GetValue<string>()], (await _api.ListBatchesAsync(offerB)).Select(b => b!["batch_id"]!.GetValue<string>()));
    }

    [Fact]
    public async Task A_dropped_blob_claiming_an_upload_source_and_batch_in_its_metadata_is_still_a_blob_batch()
    {
        var offerId = await _api.CreateOfferAsync();
        var name = $"{offerId}/claims.csv";
        var drop = await LeadApi.WriteAsync(() => _api.Uploads.GetBlobClient(name).UploadAsync(BinaryData.FromString(OtherLead), new BlobUploadOptions
        {
            Metadata = new Dictionary<string, string> { [BatchIds.MetadataKey] = BatchIds.NewForUpload(), ["source"] = "http" },
        }));

        var batch = await _api.WaitForBatchAsync(BatchIds.ForBlob(_api.Uploads.Name, name, drop.Value.ETag));

        Assert.Equal(("blob", "completed", 1L), (Text(batch, "source"), Text(batch, "status"), Count(batch, "rows_accepted")));
    }

    private static string Text(JsonObject batch, string field) => batch[field]!.GetValue<string>();

    private static long Count(JsonObject batch, string field) => batch[field]!.GetValue<long>();
}
