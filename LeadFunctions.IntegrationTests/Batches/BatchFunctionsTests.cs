using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
namespace LeadFunctions.IntegrationTests.Batches;

/// <summary><c>GET /api/batches</c> and <c>GET /api/batches/{id}</c> on the local host.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class BatchFunctionsTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    private static readonly byte[] Seed = Encoding.UTF8.GetBytes(CsvCorpus.Seed);

    private readonly LeadApi _api = fixture.Api;

    [Fact]
    public async Task The_list_for_an_offer_holds_its_batches_only_newest_first()
    {
        var offerId = await _api.CreateOfferAsync();
        var otherOfferId = await _api.CreateOfferAsync("Other offer");
        var uploaded = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            uploaded.Add(await _api.UploadAcceptedAsync(offerId, Seed));
        }

        var other = await _api.UploadAcceptedAsync(otherOfferId, Seed);

        var listed = await _api.ListBatchesAsync(offerId);

        Assert.Equal(Enumerable.Reverse(uploaded), listed.Select(b => b!["batch_id"]!.GetValue<string>()));
        Assert.All(listed, b => Assert.Equal(offerId, b!["offer_id"]!.GetValue<string>()));
        var created = listed.Select(b => b!["created_at"]!.GetValue<DateTimeOffset>()).ToList();
        Assert.Equal(created.OrderDescending(), created);
        Assert.Equal([other], (await _api.ListBatchesAsync(otherOfferId)).Select(b => b!["batch_id"]!.GetValue<string>()));

        var all = (await _api.Http.GetFromJsonAsync<JsonObject>("/api/batches?page_size=1000"))!["results"]!.AsArray().Select(b => b!["batch_id"]!.GetValue<string>()).ToList();
        Assert.Subset(all.ToHashSet(), uploaded.Append(other).ToHashSet());
    }

    [Theory]
    [InlineData("b0000000000000000000000000000000")]
    [InlineData("nosuchbatch")]
    [InlineData("B0000000000000000000000000000000")]
    [InlineData("a'b")]
    [InlineData("a%2Fb")]
    [InlineData("a%5Cb")]
    [InlineData("a%23b")]
    [InlineData("a%3Fb")]
    public async Task An_unknown_batch_is_a_404_problem(string id)
    {
        using var response = await _api.Http.GetAsync($"/api/batches/{id}");

        await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("ABC")]
    [InlineData("a'b")]
    [InlineData("a%27%20or%20OfferId%20ne%20%27")]
    [InlineData("a%2Fb")]
    [InlineData("a%20b")]
    public async Task An_offer_filter_that_cannot_be_an_id_is_a_400_naming_offer_id(string offerId)
    {
        using var response = await _api.Http.GetAsync($"/api/batches?offer_id={offerId}");

        await ProblemAssert.IsValidationAsync(response, "offer_id");
    }

    [Fact]
    public async Task An_offer_without_batches_lists_none()
    {
        var offerId = await _api.CreateOfferAsync();

        Assert.Empty(await _api.ListBatchesAsync(offerId));
        Assert.Empty(await _api.ListBatchesAsync("0123456789abcdef"));
    }
}
