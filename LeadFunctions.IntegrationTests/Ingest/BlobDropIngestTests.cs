using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
namespace LeadFunctions.IntegrationTests.Ingest;

/// <summary>Files written into the uploads container by any storage client, where they don't belong to an offer's batch.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BlobDropIngestTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    private readonly LeadApi _api = fixture.Api;

    [Fact]
    public async Task A_blob_that_is_not_an_offers_csv_becomes_a_failed_batch_that_says_why()
    {
        var offerId = await _api.CreateOfferAsync();
        var seed = BinaryData.FromString(CsvCorpus.Seed);
        (string Blob, string Reason)[] cases =
        [
            ($"outside-{Guid.NewGuid():N}.csv", "is not in an offer's folder"),
            ($"{offerId}/leads.txt", "is not a .csv file"),
            ($"{offerId}/leads", "is not a .csv file"),
            ($"Not An Id/leads.csv", "is not a valid offer id"),
            ($"0123456789abcdef/leads.csv", "No offer has the id '0123456789abcdef'"),
        ];

        // Written one at a time, awaited together: one trigger scan serves them all.
        var batchIds = new List<string>();
        foreach (var (blob, _) in cases)
        {
            batchIds.Add(await _api.DropAsync(blob, seed));
        }

        var batches = await Task.WhenAll(batchIds.Select(id => _api.WaitForBatchAsync(id)));

        foreach (var ((blob, reason), batch) in cases.Zip(batches))
        {
            Assert.Equal(("failed", "blob"), (batch["status"]!.GetValue<string>(), batch["source"]!.GetValue<string>()));
            Assert.Equal($"{_api.Uploads.Name}/{blob}", batch["blob"]!.GetValue<string>());
            var error = Assert.Single(batch["errors"]!.AsArray())!;
            Assert.Null(error["row"]);
            Assert.Contains(reason, error["message"]!.GetValue<string>());
            Assert.Equal(0, batch["rows_total"]!.GetValue<long>());
        }

        // Listed, so a user can find out what became of the file, and no lead was made from it.
        var listed = (await _api.Http.GetFromJsonAsync<JsonObject>("/api/batches?page_size=1000"))!["results"]!.AsArray().Select(b => b!["batch_id"]!.GetValue<string>());
        Assert.Subset(listed.ToHashSet(), batchIds.ToHashSet());
        Assert.Equal(0, await _api.LeadCountAsync(offerId));
    }
}
