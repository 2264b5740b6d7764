using System.Net.Http.Json;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.IntegrationTests.Scoring;

/// <summary>
/// Rescoring runs as a queued operation (issue 12, item 5): a run killed midway — some leads reset to queued whose
/// messages were never sent, its checkpoint recorded — is delivered again and finishes: every lead after the
/// checkpoint is rescored, the stranded queued leads get their messages, and nothing before it is touched again.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ScoreOperationTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    private const int LeadCount = 40;
    private const int Done = 10;
    private const int Stranded = 5;

    [Fact]
    public async Task A_rescore_killed_midway_resumes_after_its_checkpoint_and_strands_no_queued_lead()
    {
        var api = fixture.Api;
        var offerId = await api.CreateOfferAsync();
        var batchId = await api.UploadAsync(offerId, new LeadGenerator($"resume {Guid.NewGuid():N}", 3).Leads(LeadCount).Select(l => l.Fields));
        await api.WaitForBatchViewAsync(batchId);
        var before = await api.LeadViewsAsync(offerId);
        Assert.All(before, l => Assert.Equal("scored", l.Status));

        // What the killed run left: it got past the first 10 leads (its checkpoint) and reset 5 of them without sending their messages.
        var services = fixture.Host.Services;
        var reader = services.GetRequiredService<LeadReader>();
        var indexed = await reader.ReadAsync(new LeadFunctions.Results.LeadFilter(offerId, null, null, null), after: null, pageHint: 100, CancellationToken.None).ToListAsync();
        var checkpoint = indexed[Done - 1].RowKey;
        var stranded = indexed.Take(Stranded).Select(l => l.Id).ToHashSet();
        await services.GetRequiredService<LeadPartitionWriter>().ApplyAsync(offerId, indexed.Where(l => stranded.Contains(l.Id)).Select(l => LeadTransition.Requeued(l, rescore: true)).ToList(), CancellationToken.None);
        var operations = services.GetRequiredService<OperationStore>();
        var message = new OperationMessage(OperationMessage.NewId(), OperationKinds.Score, offerId, Rescore: true);
        var killed = OperationEntity.From(message, DateTimeOffset.UtcNow);
        (killed.Status, killed.Checkpoint, killed.LeadsQueued) = (OperationStatus.Running, checkpoint, Done);
        await operations.SaveAsync(killed, CancellationToken.None);

        await operations.SendAsync(message, TimeSpan.Zero, CancellationToken.None);

        OperationResponse? operation = null;
        await Eventually.TrueAsync(async () =>
            (operation = await api.Http.GetFromJsonAsync<OperationResponse>($"/api/operations/{message.OperationId}", JsonDefaults.Options))!.Status == "completed",
            LeadApi.BatchTimeout, TimeSpan.FromMilliseconds(250), () => $"the operation to complete; last seen {operation}");
        Assert.Equal(Done + (LeadCount - Done) + Stranded, operation!.LeadsQueued);
        var after = await api.WaitForLeadViewsAsync(offerId, leads => leads.All(l => l.Status == "scored"), "every lead scored");
        var untouched = indexed.Skip(Stranded).Take(Done - Stranded).Select(l => l.Id).ToHashSet();
        var beforeById = before.ToDictionary(l => l.Id);
        Assert.All(after, lead =>
        {
            Assert.Equal(beforeById[lead.Id].Score, lead.Score);
            if (untouched.Contains(lead.Id))
            {
                Assert.Equal(beforeById[lead.Id].ScoredAt, lead.ScoredAt);
            }
            else
            {
                Assert.True(lead.ScoredAt > beforeById[lead.Id].ScoredAt, $"{lead.Name} was not scored again");
            }
        });
    }
}
