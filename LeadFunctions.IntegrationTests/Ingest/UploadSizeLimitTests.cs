using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Azure.Storage.Blobs.Models;
namespace LeadFunctions.IntegrationTests.Ingest;

/// <summary>A local host whose upload limit (<c>LeadScoring:MaxUploadBytes</c>) is a few KB.</summary>
public sealed class SmallUploadLimitHostFixture(AzuriteFixture storage) : LocalHostFixture(storage)
{
    public const int MaxUploadBytes = 4096;

    protected override IReadOnlyDictionary<string, string?> Settings =>
        new Dictionary<string, string?> { ["LeadScoring:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) };
}

/// <summary>Uploads over <c>LeadScoring:MaxUploadBytes</c> are a 413 however they are sent, and leave no batch and no blob behind.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class UploadSizeLimitTests(SmallUploadLimitHostFixture fixture) : IClassFixture<SmallUploadLimitHostFixture>
{
    private readonly LeadApi _api = fixture.Api;

    [Theory]
    [InlineData("raw", 2)]
    [InlineData("raw", 40)]
    [InlineData("chunked", 2)]
    [InlineData("multipart", 2)]
    [InlineData("multipart", 40)]
    public async Task An_upload_over_the_limit_is_a_413_and_leaves_nothing_behind(string sentAs, int timesTheLimit)
    {
        var offerId = await _api.CreateOfferAsync();
        var csv = Csv(SmallUploadLimitHostFixture.MaxUploadBytes * timesTheLimit);

        using var response = await SendAsync(offerId, csv, sentAs);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.RequestEntityTooLarge);
        Assert.Contains(SmallUploadLimitHostFixture.MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture), problem["detail"]!.GetValue<string>());
        Assert.Empty(await _api.ListBatchesAsync(offerId));
        Assert.Empty(await _api.Uploads.GetBlobsAsync(BlobTraits.None, BlobStates.None, $"{offerId}/", CancellationToken.None).ToListAsync());
    }

    [Fact]
    public async Task Uploads_just_under_the_limit_are_accepted_and_ingested_however_they_are_sent()
    {
        var offerId = await _api.CreateOfferAsync();
        var csv = Csv(SmallUploadLimitHostFixture.MaxUploadBytes - 100);
        var batchIds = new List<string>();
        foreach (var sentAs in new[] { "raw", "chunked", "multipart" })
        {
            using var response = await SendAsync(offerId, csv, sentAs);
            batchIds.Add((await LeadApi.AcceptedAsync(response))["batch_id"]!.GetValue<string>());
        }

        var batches = await Task.WhenAll(batchIds.Select(id => _api.WaitForBatchAsync(id)));

        var rows = (long)csv.Count(b => b == (byte)'\n') - 1;
        Assert.All(batches, batch => Assert.Equal(("completed", rows, rows),
            (batch["status"]!.GetValue<string>(), batch["rows_total"]!.GetValue<long>(), batch["rows_accepted"]!.GetValue<long>())));
        Assert.Equal(rows, await _api.LeadCountAsync(offerId));
    }

    private Task<HttpResponseMessage> SendAsync(string offerId, byte[] csv, string sentAs)
    {
        switch (sentAs)
        {
            case "multipart":
                return _api.UploadMultipartAsync(offerId, csv);
            case "chunked":
                // A stream of unknown length: no Content-Length, so the server can only count as it reads.
                var content = new StreamContent(new UnknownLengthStream(csv));
                content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
                return LeadApi.WriteAsync(() => _api.Http.PostAsync($"/api/leads/upload?offer_id={offerId}", content));
            default:
                return _api.UploadRawAsync(offerId, csv);
        }
    }

    /// <summary>A valid lead CSV of about <paramref name="bytes"/> bytes (whole rows).</summary>
    private static byte[] Csv(int bytes)
    {
        var text = new StringBuilder(CsvCorpus.Header).Append('\n');
        for (var i = 0; text.Length < bytes - 80; i++)
        {
            text.Append($"Lead {i:D6},Manager,Company {i:D6},SaaS,Pune,Bio\n");
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>A readable stream that hides its length, so HttpClient sends it chunked.</summary>
    private sealed class UnknownLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
