using System.Net.Http.Json;
using System.Text.Json.Nodes;
using LeadFunctions.Tests.Support;

namespace LeadFunctions.Tests.LocalHost;

/// <summary>
/// Blobs dropped within the same second used to be missed by the development-storage scan of the WebJobs blob
/// trigger; with the sweeper every one of them becomes a batch.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class MissedBlobSweeperTests(AzuriteFixture storage)
{
    [Fact]
    public async Task Every_blob_of_a_burst_of_drops_becomes_a_batch()
    {
        const int Drops = 12;
        await using var host = await RunningLocalHost.StartAsync(storage);
        var created = await host.Http.PostAsJsonAsync("/api/offer", new { name = "Burst", ideal_use_cases = new[] { "B2B SaaS" } });
        var offerId = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        var container = storage.CreateBlobServiceClient().GetBlobContainerClient(host.UploadsContainer);
        await container.CreateIfNotExistsAsync();

        await Task.WhenAll(Enumerable.Range(0, Drops).Select(i => container.UploadBlobAsync(
            $"{offerId}/burst-{i}.csv",
            BinaryData.FromString($"name,role,company,industry,location,linkedin_bio\nLead {i},CEO,Company {i},B2B SaaS,Pune,bio\n"))));

        JsonArray batches = [];
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (DateTime.UtcNow < deadline)
        {
            batches = (await host.Http.GetFromJsonAsync<JsonObject>($"/api/batches?offer_id={offerId}"))!["results"]!.AsArray();
            if (batches.Count == Drops && batches.All(b => b!["status"]!.GetValue<string>() == "completed"))
            {
                break;
            }

            await Task.Delay(500);
        }

        Assert.Equal(Drops, batches.Count);
        Assert.All(batches, b => Assert.Equal("completed", b!["status"]!.GetValue<string>()));
        var results = await host.Http.GetFromJsonAsync<JsonObject>($"/api/leads/results?offer_id={offerId}");
        Assert.Equal(Drops, results!["count"]!.GetValue<long>());
    }
}
