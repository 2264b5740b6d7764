using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
namespace LeadFunctions.IntegrationTests.Ingest;

/// <summary><c>POST /api/leads/upload</c> on the local host: the ways a CSV may arrive, the ways a request is refused, re-uploads.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class UploadLeadsFunctionTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    private static readonly byte[] Seed = Encoding.UTF8.GetBytes(CsvCorpus.Seed);

    private readonly LeadApi _api = fixture.Api;

    private HttpClient Http => _api.Http;

    [Theory]
    [InlineData("multipart")]
    [InlineData("text/csv")]
    [InlineData("text/csv; charset=utf-8")]
    [InlineData("application/csv")]
    [InlineData("application/vnd.ms-excel")]
    public async Task The_csv_is_stored_byte_for_byte_as_the_batch_blob_before_the_202(string sentAs)
    {
        var offerId = await _api.CreateOfferAsync();

        using var response = sentAs == "multipart" ? await _api.UploadMultipartAsync(offerId, Seed) : await _api.UploadRawAsync(offerId, Seed, sentAs);

        var accepted = await LeadApi.AcceptedAsync(response);
        var batchId = accepted["batch_id"]!.GetValue<string>();
        Assert.Matches("^b[0-9a-f]{31}$", batchId);
        Assert.Equal(offerId, accepted["offer_id"]!.GetValue<string>());
        Assert.Equal($"{_api.Uploads.Name}/{offerId}/{batchId}.csv", accepted["blob"]!.GetValue<string>());
        var statusUrl = accepted["status_url"]!.GetValue<string>();
        Assert.EndsWith($"/api/batches/{batchId}", statusUrl);
        Assert.Equal(statusUrl, response.Headers.Location?.ToString());

        var batch = (await Http.GetFromJsonAsync<JsonObject>(statusUrl))!;
        Assert.Equal((batchId, offerId, "http"), (batch["batch_id"]!.GetValue<string>(), batch["offer_id"]!.GetValue<string>(), batch["source"]!.GetValue<string>()));
        Assert.Contains(batch["status"]!.GetValue<string>(), new[] { "ingesting", "scoring", "completed" });

        var blob = _api.Uploads.GetBlobClient($"{offerId}/{batchId}.csv");
        Assert.Equal(Seed, (await blob.DownloadContentAsync()).Value.Content.ToArray());
        var metadata = (await blob.GetPropertiesAsync()).Value.Metadata;
        Assert.Equal(batchId, metadata[BatchIds.MetadataKey]);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("text/plain")]
    [InlineData("application/octet-stream")]
    public async Task A_body_a_web_page_could_send_without_a_preflight_or_of_no_documented_type_is_a_415_and_stores_nothing(string? sentAs)
    {
        var offerId = await _api.CreateOfferAsync();
        var content = new ByteArrayContent(Seed);
        if (sentAs is not null)
        {
            content.Headers.ContentType = new MediaTypeHeaderValue(sentAs);
        }

        using var response = await Http.PostAsync($"/api/leads/upload?offer_id={offerId}", content);

        await ProblemAssert.IsAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Empty(await _api.ListBatchesAsync(offerId));
    }

    [Fact]
    public async Task A_multipart_body_without_a_file_field_is_a_400_that_names_the_field()
    {
        var offerId = await _api.CreateOfferAsync();

        using var response = await _api.UploadMultipartAsync(offerId, Seed, field: "upload");

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("'file'", problem["detail"]!.GetValue<string>());
        Assert.Empty(await _api.ListBatchesAsync(offerId));
    }

    [Fact]
    public async Task A_multipart_body_without_a_boundary_is_a_400()
    {
        var offerId = await _api.CreateOfferAsync();

        using var response = await _api.UploadRawAsync(offerId, Seed, "multipart/form-data");

        await ProblemAssert.IsAsync(response, HttpStatusCode.BadRequest);
        Assert.Empty(await _api.ListBatchesAsync(offerId));
    }

    [Fact]
    public async Task A_multipart_file_missing_columns_is_a_400_naming_them()
    {
        var offerId = await _api.CreateOfferAsync();

        using var response = await _api.UploadMultipartAsync(offerId, Encoding.UTF8.GetBytes("Name,Company\nAva,Acme\n"));

        var problem = await ProblemAssert.IsValidationAsync(response, "file");
        Assert.Equal(["role", "industry", "location", "linkedin_bio"], problem["errors"]!["missing_columns"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Empty(await _api.ListBatchesAsync(offerId));
    }

    [Theory]
    [InlineData("application/json")]
    [InlineData("application/xml")]
    [InlineData("image/png")]
    [InlineData("not a media type")]
    public async Task A_body_of_another_type_is_refused_with_a_415_problem(string contentType)
    {
        var offerId = await _api.CreateOfferAsync();
        var content = new ByteArrayContent(Seed);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await LeadApi.WriteAsync(() => Http.PostAsync($"/api/leads/upload?offer_id={offerId}", content));

        await ProblemAssert.IsAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Empty(await _api.ListBatchesAsync(offerId));
    }

    [Fact]
    public async Task An_unknown_offer_is_a_404_problem()
    {
        using var response = await _api.UploadRawAsync("0123456789abcdef", Seed);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("0123456789abcdef", problem["detail"]!.GetValue<string>());
        Assert.Empty(await _api.ListBatchesAsync("0123456789abcdef"));
    }

    [Theory]
    [InlineData("ABC")]
    [InlineData("a'b")]
    [InlineData("a%2Fb")]
    [InlineData("a%5Cb")]
    [InlineData("a%23b")]
    [InlineData("a%3Fb")]
    [InlineData("a%20b")]
    public async Task An_offer_id_that_cannot_be_an_id_is_a_400_naming_offer_id(string offerId)
    {
        using var response = await _api.UploadRawAsync(offerId, Seed);

        await ProblemAssert.IsValidationAsync(response, "offer_id");
    }

    [Fact]
    public async Task Re_uploading_a_file_updates_and_rescores_its_leads_instead_of_adding_new_ones()
    {
        // John Doe's row changes from CTO to Intern in the edited file; his identity (name, company) stays.
        var edited = Encoding.UTF8.GetBytes(CsvCorpus.Seed.Replace("John Doe,CTO,", "John Doe,Intern,", StringComparison.Ordinal));
        var sameRuns = ReuploadAsync(Seed, Seed);
        var editedRuns = ReuploadAsync(Seed, edited);
        await Task.WhenAll(sameRuns, editedRuns);

        foreach (var run in new[] { await sameRuns, await editedRuns })
        {
            Assert.Equal((3L, 3L, 0L, 0L, 3L), Counters(run.Second));
            Assert.Equal("completed", run.Second["status"]!.GetValue<string>());
            Assert.Equal(Ids(run.Before), Ids(run.After));
            Assert.Equal(3, await _api.LeadCountAsync(run.OfferId));
            var secondBatch = run.Second["batch_id"]!.GetValue<string>();
            Assert.All(run.After, lead => Assert.Equal((secondBatch, "scored"), (lead["batch_id"]!.GetValue<string>(), lead["status"]!.GetValue<string>())));
            Assert.All(run.After, lead => Assert.True(
                lead["scored_at"]!.GetValue<DateTimeOffset>() > run.Before.Single(b => b["id"]!.ToString() == lead["id"]!.ToString())["scored_at"]!.GetValue<DateTimeOffset>(),
                $"{lead["name"]} was not scored again."));

            // The first batch keeps what it counted.
            var first = await _api.WaitForBatchAsync(run.First["batch_id"]!.GetValue<string>());
            Assert.Equal((3L, 3L, 0L, 0L, 3L), Counters(first));
        }

        var (before, after) = ((await editedRuns).Before, (await editedRuns).After);
        Assert.Equal(60, Lead(before, "John Doe")["score"]!.GetValue<int>());
        Assert.Equal(20, Lead(after, "John Doe")["score"]!.GetValue<int>());
        Assert.Equal("Intern", Lead(after, "John Doe")["role"]!.GetValue<string>());
        Assert.Equal(Lead(before, "Ava Patel")["score"]!.GetValue<int>(), Lead(after, "Ava Patel")["score"]!.GetValue<int>());
    }

    private async Task<ReuploadRun> ReuploadAsync(byte[] first, byte[] second)
    {
        var offerId = await _api.CreateOfferAsync();
        using var firstResponse = await _api.UploadMultipartAsync(offerId, first);
        var firstBatch = await _api.WaitForBatchAsync((await LeadApi.AcceptedAsync(firstResponse))["batch_id"]!.GetValue<string>());
        var before = await _api.LeadsAsync(offerId);
        var secondBatch = await _api.WaitForBatchAsync(await _api.UploadAcceptedAsync(offerId, second));
        return new ReuploadRun(offerId, firstBatch, before, secondBatch, await _api.LeadsAsync(offerId));
    }

    private static (long Total, long Accepted, long Rejected, long Duplicates, long Scored) Counters(JsonNode batch) =>
        (batch["rows_total"]!.GetValue<long>(), batch["rows_accepted"]!.GetValue<long>(), batch["rows_rejected"]!.GetValue<long>(),
            batch["duplicates"]!.GetValue<long>(), batch["scored"]!.GetValue<long>());

    private static IEnumerable<string> Ids(IEnumerable<JsonObject> leads) => leads.Select(l => l["id"]!.GetValue<string>()).Order(StringComparer.Ordinal);

    private static JsonObject Lead(IEnumerable<JsonObject> leads, string name) => leads.Single(l => l["name"]!.GetValue<string>() == name);

    private sealed record ReuploadRun(string OfferId, JsonObject First, IReadOnlyList<JsonObject> Before, JsonObject Second, IReadOnlyList<JsonObject> After);
}
