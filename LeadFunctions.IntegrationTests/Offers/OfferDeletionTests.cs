using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.IntegrationTests.Offers;

/// <summary>
/// docs/guarantees.md#deleting-an-offer: deleting an offer removes everything of it — leads, index entries, tallies, markers, batches and uploaded
/// CSVs — even while a batch of it is being ingested or scored, and deleting it again still cleans up. Through the
/// local host against Azurite, with the real triggers running.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class OfferDeletionTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly LeadApi _api = fixture.Api;

    [Fact]
    public async Task Deleting_an_offer_while_a_batch_of_it_is_ingesting_leaves_nothing_behind()
    {
        var offerId = await _api.CreateOfferAsync();
        var batchId = await _api.UploadAcceptedAsync(offerId, Csv(6_000, "ingest"));

        // As soon as ingest has written leads, and well before it can have read 6,000 rows.
        await Eventually.TrueAsync(async () => await _api.LeadCountAsync(offerId) > 0, Timeout, TimeSpan.FromMilliseconds(100), () => "ingest to write leads");
        Assert.Equal("ingesting", (await _api.Http.GetFromJsonAsync<JsonObject>($"/api/batches/{batchId}"))!["status"]!.GetValue<string>());
        using var deleted = await _api.Http.DeleteAsync($"/api/offer/{offerId}");

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Equal("completed", (await _api.WaitForOperationAsync(deleted, Timeout))["status"]!.GetValue<string>());
        await fixture.Host.Recorder.WaitForAsync(
            i => i.FunctionName == "IngestUploadedCsv" && Equals(i.Arguments.GetValueOrDefault("name"), $"{offerId}/{batchId}.csv"), Timeout);
        await AssertNothingLeftAsync(offerId, batchId);
    }

    [Fact]
    public async Task Deleting_an_offer_while_its_leads_are_scoring_leaves_nothing_behind_and_late_messages_recreate_nothing()
    {
        var offerId = await _api.CreateOfferAsync();
        var batchId = await _api.UploadAcceptedAsync(offerId, Csv(1_500, "scoring"));
        JsonObject batch = [];
        await Eventually.TrueAsync(async () =>
        {
            batch = (await _api.Http.GetFromJsonAsync<JsonObject>($"/api/batches/{batchId}"))!;
            return batch["scored"]!.GetValue<long>() > 0;
        }, Timeout, TimeSpan.FromMilliseconds(100), () => "scoring to start");
        Assert.True(batch["scored"]!.GetValue<long>() < 1_500, "scoring finished before the delete");

        using var deleted = await _api.Http.DeleteAsync($"/api/offer/{offerId}");

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        Assert.Equal("completed", (await _api.WaitForOperationAsync(deleted, Timeout))["status"]!.GetValue<string>());
        await AssertNothingLeftAsync(offerId, batchId);
    }

    [Fact]
    public async Task Deleting_again_cleans_up_what_a_late_writer_left_and_a_csv_dropped_for_a_deleted_offer_is_discarded()
    {
        var offerId = await _api.CreateOfferAsync();
        var batchId = await _api.UploadAcceptedAsync(offerId, Csv(20, "again"));
        await _api.WaitForBatchAsync(batchId);
        using (var first = await _api.Http.DeleteAsync($"/api/offer/{offerId}"))
        {
            await _api.WaitForOperationAsync(first, Timeout);
        }

        using (var nothingLeft = await _api.Http.DeleteAsync($"/api/offer/{offerId}"))
        {
            Assert.Equal(HttpStatusCode.NoContent, nothingLeft.StatusCode);
        }

        // What a writer that outlived the deletion could have left: an entity in one of the offer's partitions (whose
        // count the deleted offer's tombstone still gives).
        var leads = await LeadsTableAsync();
        var partitions = await fixture.Host.Services.GetRequiredService<OfferRepository>().GetLeadPartitionsAsync(offerId, CancellationToken.None);
        Assert.True(partitions.Count > 1, "the offer's leads were spread over one partition only");
        await leads.AddEntityAsync(new TableEntity(partitions.Of($"{offerId}-stray"), LeadKeys.Lead($"{offerId}-stray")));
        using var again = await _api.Http.DeleteAsync($"/api/offer/{offerId}");

        Assert.Equal(HttpStatusCode.Accepted, again.StatusCode);
        Assert.Equal("completed", (await _api.WaitForOperationAsync(again, Timeout))["status"]!.GetValue<string>());
        await AssertNothingLeftAsync(offerId, batchId);

        var dropped = $"{offerId}/after-delete.csv";
        var droppedBatch = await _api.DropAsync(dropped, BinaryData.FromBytes(Csv(3, "late")));
        await fixture.Host.Recorder.WaitForAsync(i => i.FunctionName == "IngestUploadedCsv" && Equals(i.Arguments.GetValueOrDefault("name"), dropped), Timeout);
        Assert.False(await _api.Uploads.GetBlobClient(dropped).ExistsAsync());
        await ProblemAssert.IsAsync(await _api.Http.GetAsync($"/api/batches/{droppedBatch}"), HttpStatusCode.NotFound);
        await AssertNothingLeftAsync(offerId, droppedBatch);
    }

    [Fact]
    public async Task Deleting_an_offer_without_leads_batches_or_csvs_answers_204_and_an_unknown_offer_404()
    {
        var offerId = await _api.CreateOfferAsync();

        using var deleted = await _api.Http.DeleteAsync($"/api/offer/{offerId}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        await ProblemAssert.IsAsync(await _api.Http.GetAsync($"/api/offer/{offerId}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsAsync(await _api.Http.DeleteAsync("/api/offer/0123456789abcdef"), HttpStatusCode.NotFound);
    }

    private static byte[] Csv(int rows, string prefix) =>
        Encoding.UTF8.GetBytes(LeadGenerator.ToCsv(new LeadGenerator($"{prefix} {Guid.NewGuid():N}", 12).Leads(rows)));

    private async Task<TableClient> LeadsTableAsync() =>
        await fixture.Host.Services.GetRequiredService<LeadTables>().GetAsync(LeadTables.Leads, CancellationToken.None);

    /// <summary>
    /// Once the scoring queue is drained (every message of the offer has run against the deleted offer): no offer, lead,
    /// index entry, tally, marker or progress entity, no batch (header, rejected rows, list entries) and no CSV.
    /// </summary>
    private async Task AssertNothingLeftAsync(string offerId, string batchId)
    {
        var queue = fixture.Storage.CreateQueueServiceClient().GetQueueClient(fixture.Host.ScoringQueue);
        await Eventually.TrueAsync(
            async () => (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount == 0 && (await queue.PeekMessageAsync()).Value is null,
            Timeout, TimeSpan.FromMilliseconds(500), () => "the scoring queue to drain");

        await ProblemAssert.IsAsync(await _api.Http.GetAsync($"/api/offer/{offerId}"), HttpStatusCode.NotFound);
        await ProblemAssert.IsAsync(await _api.Http.GetAsync($"/api/batches/{batchId}"), HttpStatusCode.NotFound);
        Assert.Empty(await _api.ListBatchesAsync(offerId));
        var leads = await LeadsTableAsync();
        Assert.Empty(await leads.QueryAsync<TableEntity>(LeadPartitions.AnyPartitionFilter(offerId)).ToListAsync());
        var batches = await fixture.Host.Services.GetRequiredService<LeadTables>().GetAsync(LeadTables.Batches, CancellationToken.None);
        Assert.Empty(await batches.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"OfferId eq {offerId} or PartitionKey eq {batchId}")).ToListAsync());
        Assert.Empty(await _api.Uploads.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = offerId + "/" }).ToListAsync());
    }
}
