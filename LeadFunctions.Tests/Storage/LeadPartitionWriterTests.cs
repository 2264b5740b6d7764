using Azure.Data.Tables;
using LeadFunctions.Configuration;
using LeadFunctions.Storage;
using LeadFunctions.Tests.Support;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Tests.Storage;

/// <summary>
/// <see cref="LeadPartitionWriter.ApplyAsync(string, IReadOnlyList{LeadWork}, bool, CancellationToken)"/> with
/// <c>expectNew</c> (ingest's way) must leave exactly what the reading path leaves, whether the leads were new or not.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LeadPartitionWriterTests(AzuriteFixture storage)
{
    private const string OfferId = "0123456789abcdef";
    private const string FirstBatch = "b0000000000000000000000000000001";
    private const string SecondBatch = "b0000000000000000000000000000002";

    private static readonly DateTimeOffset Created = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private readonly LeadTables _tables = new(
        storage.CreateTableServiceClient(),
        Options.Create(new LeadScoringOptions { TablePrefix = AzuriteFixture.NewTablePrefix() }));

    private LeadPartitionWriter Writer => new(_tables, NullLogger<LeadPartitionWriter>.Instance);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task New_leads_are_written_with_index_marker_and_tallies(bool expectNew)
    {
        var results = await Writer.ApplyAsync(OfferId, Ids(16).Select(id => Queue(id, FirstBatch)).ToList(), expectNew, CancellationToken.None);

        Assert.All(results, lead => Assert.Equal(LeadStatus.Queued, lead!.Status));
        var rows = await RowsAsync();
        Assert.Equal(16, rows.Count(r => r.RowKey.StartsWith(LeadKeys.LeadPrefix, StringComparison.Ordinal)));
        Assert.Equal(16, rows.Count(r => r.RowKey.StartsWith(LeadKeys.IndexPrefix, StringComparison.Ordinal)));
        Assert.Equal(16, rows.Count(r => r.RowKey.StartsWith(LeadKeys.Marker(FirstBatch, ""), StringComparison.Ordinal)));
        Assert.Equal(16, Sum(rows, LeadKeys.OfferTallyPrefix, "Queued"));
        Assert.Equal(16, Sum(rows, LeadKeys.BatchTallyPrefixFor(FirstBatch), "Queued"));
    }

    [Fact]
    public async Task Leads_expected_new_that_exist_are_updated_not_duplicated()
    {
        var ids = Ids(16);
        await Writer.ApplyAsync(OfferId, ids.Select(id => Score(id, FirstBatch)).ToList(), CancellationToken.None);

        var results = await Writer.ApplyAsync(OfferId, ids.Select(id => Queue(id, SecondBatch)).ToList(), expectNew: true, CancellationToken.None);

        Assert.All(results, lead => Assert.Equal((LeadStatus.Queued, SecondBatch), (lead!.Status, lead.BatchId)));
        Assert.All(results, lead => Assert.Equal(Created, lead!.CreatedAt));
        var rows = await RowsAsync();
        Assert.Equal(16, rows.Count(r => r.RowKey.StartsWith(LeadKeys.LeadPrefix, StringComparison.Ordinal)));
        Assert.Equal(16, rows.Count(r => r.RowKey.StartsWith(LeadKeys.IndexPrefix, StringComparison.Ordinal)));
        Assert.Equal(16, Sum(rows, LeadKeys.OfferTallyPrefix, "Queued"));
        Assert.Equal(0, Sum(rows, LeadKeys.OfferTallyPrefix, "S080_High"));
        Assert.Equal(16, Sum(rows, LeadKeys.ProgressPrefixFor(FirstBatch), "Scored"));
    }

    [Fact]
    public async Task One_existing_lead_among_new_ones_is_updated_and_the_others_added()
    {
        var ids = Ids(16);
        await Writer.ApplyAsync(OfferId, [Score(ids[7], FirstBatch)], CancellationToken.None);

        await Writer.ApplyAsync(OfferId, ids.Select(id => Queue(id, SecondBatch)).ToList(), expectNew: true, CancellationToken.None);

        var rows = await RowsAsync();
        Assert.Equal(16, rows.Count(r => r.RowKey.StartsWith(LeadKeys.LeadPrefix, StringComparison.Ordinal)));
        Assert.Equal(16, Sum(rows, LeadKeys.OfferTallyPrefix, "Queued"));
        Assert.Equal(16, Sum(rows, LeadKeys.BatchTallyPrefixFor(SecondBatch), "Queued"));
        Assert.Equal(0, Sum(rows, LeadKeys.BatchTallyPrefixFor(FirstBatch), "S080_High"));
    }

    [Fact]
    public async Task A_decision_that_is_not_an_add_is_made_from_the_stored_lead()
    {
        var id = Ids(1)[0];
        await Writer.ApplyAsync(OfferId, [Score(id, FirstBatch)], CancellationToken.None);

        // Changes a stored lead and ignores a missing one: only reading can tell which applies.
        var rename = new LeadWork(id, null, (current, _) =>
        {
            if (current is null)
            {
                return LeadDecision.Unchanged;
            }

            var renamed = current.Clone();
            renamed.Name = "Renamed";
            return new LeadDecision(renamed, null);
        });
        var results = await Writer.ApplyAsync(OfferId, [rename], expectNew: true, CancellationToken.None);

        Assert.Equal("Renamed", Assert.Single(results)!.Name);
    }

    [Fact]
    public async Task Writes_one_after_another_take_the_counter_shards_in_turn()
    {
        foreach (var id in Ids(LeadKeys.ShardCount))
        {
            await Writer.ApplyAsync(OfferId, [Queue(id, FirstBatch)], CancellationToken.None);
        }

        // One writer at a time here, so each write took the next shard: none was shared, none left out.
        var shards = (await RowsAsync()).Where(r => r.RowKey.StartsWith(LeadKeys.OfferTallyPrefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(LeadKeys.ShardCount, shards.Count);
        Assert.All(shards, shard => Assert.Equal(1, shard.GetInt64("Queued")));
    }

    private static string[] Ids(int count) => Enumerable.Range(0, count).Select(i => $"{OfferId}-{Guid.NewGuid():N}").ToArray();

    /// <summary>Ingest's decision: a new lead, or the stored one sent back to the queue for this batch.</summary>
    private static LeadWork Queue(string id, string batchId) => new(id, batchId, (current, _) =>
    {
        var lead = current?.Clone() ?? new LeadEntity { Id = id, Name = "Lead " + id[^6..], CreatedAt = Created };
        lead.BatchId = batchId;
        LeadState.ResetToQueued(lead);
        return new LeadDecision(lead, MarkerStates.Queued);
    });

    private static LeadWork Score(string id, string batchId) => new(id, batchId, (_, _) =>
    {
        var lead = new LeadEntity
        {
            Id = id, Name = "Lead " + id[^6..], BatchId = batchId, CreatedAt = Created,
            Status = LeadStatus.Scored, Score = 80, Intent = "High", ScoredAt = Created,
        };
        return new LeadDecision(lead, MarkerStates.Of(lead));
    });

    private async Task<List<TableEntity>> RowsAsync()
    {
        var table = await _tables.GetAsync(LeadTables.Leads, CancellationToken.None);
        return await table.QueryAsync<TableEntity>(e => e.PartitionKey == OfferId).ToListAsync();
    }

    private static long Sum(IEnumerable<TableEntity> rows, string rowKeyPrefix, string counter) =>
        rows.Where(r => r.RowKey.StartsWith(rowKeyPrefix, StringComparison.Ordinal)).Sum(r => r.GetInt64(counter) ?? 0);
}
