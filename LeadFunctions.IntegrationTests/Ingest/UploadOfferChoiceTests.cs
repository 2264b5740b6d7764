using System.Text;
namespace LeadFunctions.IntegrationTests.Ingest;

/// <summary>An upload without <c>offer_id</c> goes to the only offer there is, and is refused while there is none or several.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class UploadOfferChoiceTests(AzuriteFixture storage)
{
    private static readonly byte[] Seed = Encoding.UTF8.GetBytes(CsvCorpus.Seed);

    [Fact]
    public async Task Without_offer_id_the_only_offer_is_used_and_none_or_two_are_a_400_naming_offer_id()
    {
        // Its own host: its own tables, so no other test's offers count.
        await using var host = await RunningLocalHost.StartAsync(storage);
        var api = new LeadApi(host, storage);

        using (var none = await api.UploadMultipartAsync(offerId: null, Seed))
        {
            var problem = await ProblemAssert.IsValidationAsync(none, "offer_id");
            Assert.Contains("POST /api/offer", problem["detail"]!.GetValue<string>());
        }

        var only = await api.CreateOfferAsync("The only offer");
        using (var one = await api.UploadRawAsync(offerId: null, Seed))
        {
            var accepted = await LeadApi.AcceptedAsync(one);
            Assert.Equal(only, accepted["offer_id"]!.GetValue<string>());
            var batch = await api.WaitForBatchAsync(accepted["batch_id"]!.GetValue<string>());
            Assert.Equal((only, "completed"), (batch["offer_id"]!.GetValue<string>(), batch["status"]!.GetValue<string>()));
        }

        var second = await api.CreateOfferAsync("A second offer");
        using (var two = await api.UploadMultipartAsync(offerId: null, Seed))
        {
            var problem = await ProblemAssert.IsValidationAsync(two, "offer_id");
            Assert.Contains("2 offers", problem["detail"]!.GetValue<string>());
        }

        Assert.Single(await api.ListBatchesAsync(only));
        Assert.Empty(await api.ListBatchesAsync(second));
    }
}
