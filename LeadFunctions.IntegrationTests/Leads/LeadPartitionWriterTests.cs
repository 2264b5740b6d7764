using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace LeadFunctions.IntegrationTests.Leads;

/// <summary>
/// <see cref="LeadPartitionWriter.ApplyAsync"/> with transitions assumed new (ingest's way) must leave exactly what the
/// reading path leaves, whether the leads were new or not; counters it remembers must stay exact when others write them.
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

    private LeadPartitionWriter Writer => new(_tables, new OfferRepository(_tables, TimeProvider.System, Options.Create(new LeadScoringOptions())), NullLogger<LeadPartitionWriter>.Instance);

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task New_leads_are_written_with_index_marker_and_tallies(bool expectNew)
    {
        var results = await Writer.ApplyAsync(OfferId, Ids(16).Select(id => Queue(id, FirstBatch, expectNew)).ToList(), CancellationToken.None);

        Assert.All(results, written => Assert.Equal(LeadStatus.Queued, written.Lead!.Status));
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

        var results = await Writer.ApplyAsync(OfferId, ids.Select(id => Queue(id, SecondBatch, expectNew: true)).ToList(), CancellationToken.None);

        Assert.All(results, w => Assert.Equal((LeadStatus.Queued, SecondBatch), (w.Lead!.Status, w.Lead.BatchId)));
        Assert.All(results, w => Assert.Equal(Created, w.Lead!.CreatedAt));
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

        await Writer.ApplyAsync(OfferId, ids.Select(id => Queue(id, SecondBatch, expectNew: true)).ToList(), CancellationToken.None);

        var rows = await RowsAsync();
        Assert.Equal(16, rows.Count(r => r.RowKey.StartsWith(LeadKeys.LeadPrefix, StringComparison.Ordinal)));
        Assert.Equal(16, Sum(rows, LeadKeys.OfferTallyPrefix, "Queued"));
        Assert.Equal(16, Sum(rows, LeadKeys.BatchTallyPrefixFor(SecondBatch), "Queued"));
        Assert.Equal(0, Sum(rows, LeadKeys.BatchTallyPrefixFor(FirstBatch), "S080_High"));
    }

    [Fact]
    public async Task A_transition_assumed_new_that_is_not_an_add_is_applied_to_the_stored_lead()
    {
        var id = Ids(1)[0];
        await Writer.ApplyAsync(OfferId, [Score(id, FirstBatch)], CancellationToken.None);
        var stored = await LeadAsync(id);

        // An edit changes a stored lead and ignores a missing one: only reading can tell which applies.
        var fields = stored.GetFields() with { Name = "Renamed" };
        var results = await Writer.ApplyAsync(OfferId, [LeadTransition.Edited(stored, fields).Assuming(StoredLead.New)], CancellationToken.None);

        Assert.Equal("Renamed", Assert.Single(results).Lead!.Name);
        Assert.Equal("Renamed", (await LeadAsync(id)).Name);
    }

    [Fact]
    public async Task Results_carry_the_etags_the_transaction_gave_the_lead_and_its_marker()
    {
        var id = Ids(1)[0];

        var written = Assert.Single(await Writer.ApplyAsync(OfferId, [Queue(id, FirstBatch, expectNew: true)], CancellationToken.None));

        var table = await _tables.GetAsync(LeadTables.Leads, CancellationToken.None);
        Assert.Equal((await LeadAsync(id)).ETag, written.Lead!.ETag);
        Assert.Equal((await table.GetEntityAsync<TableEntity>(OfferId, LeadKeys.Marker(FirstBatch, id))).Value.ETag, written.MarkerETag);
        Assert.Equal(MarkerStates.Queued, written.MarkerState);
    }

    [Fact]
    public async Task A_wrong_belief_fails_the_write_and_the_transition_is_applied_to_what_is_stored()
    {
        var id = Ids(1)[0];
        var queued = Assert.Single(await Writer.ApplyAsync(OfferId, [Queue(id, FirstBatch, expectNew: true)], CancellationToken.None));
        var believed = new StoredLead(queued.Lead, MarkerStates.Queued, queued.MarkerETag);
        var edited = (await Writer.ApplyAsync(OfferId, [LeadTransition.Edited(queued.Lead!, queued.Lead!.GetFields() with { Role = "CTO" })], CancellationToken.None))[0];

        // Scored from the copy taken before the edit: the write under the old ETag fails, and what is stored is newer.
        var score = new LeadFunctions.Scoring.LeadScore(80, LeadFunctions.Scoring.LeadIntent.High, "r", new LeadFunctions.Scoring.ScoreBreakdown(40, 40, "High", "hybrid", []));
        var results = await Writer.ApplyAsync(OfferId, [LeadTransition.Scored(queued.Lead, FirstBatch, score, Created).Assuming(believed)], CancellationToken.None);

        Assert.IsType<LeadOutcome.Stale>(Assert.Single(results).Outcome);
        var stored = await LeadAsync(id);
        Assert.Equal((LeadStatus.Queued, "CTO", edited.Lead!.ETag), (stored.Status, stored.Role, stored.ETag));
    }

    [Fact]
    public async Task A_transaction_answers_each_add_and_update_with_the_entity_s_new_etag()
    {
        // What remembering counter shards (and carrying a lead's ETag in its message) relies on.
        var table = await _tables.GetAsync(LeadTables.Leads, CancellationToken.None);
        var added = (await table.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.Add, new TableEntity(OfferId, "etag-probe") { ["N"] = 1L })])).Value[0].Headers.ETag;
        var updated = (await table.SubmitTransactionAsync([new TableTransactionAction(TableTransactionActionType.UpdateReplace, new TableEntity(OfferId, "etag-probe") { ["N"] = 2L }, added!.Value)])).Value[0].Headers.ETag;

        Assert.NotNull(updated);
        Assert.Equal((await table.GetEntityAsync<TableEntity>(OfferId, "etag-probe")).Value.ETag, updated);
    }

    [Fact]
    public async Task Writes_one_after_another_keep_to_one_counter_shard()
    {
        var writer = Writer;
        foreach (var id in Ids(12))
        {
            await writer.ApplyAsync(OfferId, [Queue(id, FirstBatch)], CancellationToken.None);
        }

        // One writer at a time reuses the shard it returned, whose ETag it remembers: no counter read per write.
        var shards = (await RowsAsync()).Where(r => r.RowKey.StartsWith(LeadKeys.OfferTallyPrefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(12, Assert.Single(shards).GetInt64("Queued"));
    }

    [Fact]
    public async Task A_remembered_counter_changed_by_another_writer_is_read_again_and_stays_exact()
    {
        var writer = Writer;
        var ids = Ids(3);
        await writer.ApplyAsync(OfferId, [Queue(ids[0], FirstBatch)], CancellationToken.None);
        var table = await _tables.GetAsync(LeadTables.Leads, CancellationToken.None);
        var shard = Assert.Single(await RowsAsync(), r => r.RowKey.StartsWith(LeadKeys.OfferTallyPrefix, StringComparison.Ordinal));

        // Another process adds to the same shard: the ETag this writer remembers is no longer current.
        shard["Queued"] = shard.GetInt64("Queued")!.Value + 5;
        await table.UpdateEntityAsync(shard, shard.ETag, TableUpdateMode.Replace);
        await writer.ApplyAsync(OfferId, [Queue(ids[1], FirstBatch)], CancellationToken.None);
        await writer.ApplyAsync(OfferId, [Queue(ids[2], FirstBatch)], CancellationToken.None);

        Assert.Equal(8, Sum(await RowsAsync(), LeadKeys.OfferTallyPrefix, "Queued"));
        Assert.Equal(3, Sum(await RowsAsync(), LeadKeys.BatchTallyPrefixFor(FirstBatch), "Queued"));
    }

    [Fact]
    public async Task A_remembered_offer_shard_does_not_get_past_the_deletion_fence()
    {
        var writer = Writer;
        var ids = Ids(2);
        await writer.ApplyAsync(OfferId, [Queue(ids[0], FirstBatch)], CancellationToken.None);
        var table = await _tables.GetAsync(LeadTables.Leads, CancellationToken.None);

        await OfferFence.RaiseAsync(table, LeadPartitions.Single(OfferId), CancellationToken.None);

        await Assert.ThrowsAsync<OfferDeletedException>(() => writer.ApplyAsync(OfferId, [Queue(ids[1], FirstBatch)], CancellationToken.None));
        Assert.Null(await LeadPartitionWriter.GetAsync<LeadEntity>(table, OfferId, LeadKeys.Lead(ids[1]), CancellationToken.None));
    }

    [Fact]
    public async Task Rows_of_one_batch_repeating_a_lead_write_it_once_owned_by_the_earliest_line_and_counted_once()
    {
        var ids = Ids(16);
        LeadTransition[] Ingest(long line) =>
            [.. ids.Select(id => LeadTransition.Ingested(id, FirstBatch, new LeadFunctions.Leads.LeadFields("Lead " + id[^6..], "", "", "", "", ""), line, Created).Assuming(StoredLead.New))];

        await Writer.ApplyAsync(OfferId, Ingest(5), CancellationToken.None);
        var earlier = await Writer.ApplyAsync(OfferId, Ingest(3), CancellationToken.None);
        var later = await Writer.ApplyAsync(OfferId, Ingest(7), CancellationToken.None);

        Assert.All(earlier, w => Assert.IsType<LeadOutcome.Reowned>(w.Outcome));
        Assert.All(later, w => Assert.IsType<LeadOutcome.Keep>(w.Outcome));
        Assert.All(await Task.WhenAll(ids.Select(LeadAsync)), lead => Assert.Equal((3L, LeadStatus.Queued), (lead.IngestLine!.Value, lead.Status)));
        var rows = await RowsAsync();
        Assert.Equal(16, rows.Count(r => r.RowKey.StartsWith(LeadKeys.LeadPrefix, StringComparison.Ordinal)));
        Assert.Equal(16, Sum(rows, LeadKeys.OfferTallyPrefix, "Queued"));
        Assert.Equal(16, Sum(rows, LeadKeys.ProgressPrefixFor(FirstBatch), BatchProgress.MarkedCounter));
    }

    private static string[] Ids(int count) => Enumerable.Range(0, count).Select(i => $"{OfferId}-{Guid.NewGuid():N}").ToArray();

    /// <summary>Ingest's transition: a new lead, or the stored one sent back to the queue for this batch.</summary>
    private static LeadTransition Queue(string id, string batchId, bool expectNew = false)
    {
        var ingested = LeadTransition.Ingested(id, batchId, new LeadFunctions.Leads.LeadFields("Lead " + id[^6..], "", "", "", "", ""), 2, Created);
        return expectNew ? ingested.Assuming(StoredLead.New) : ingested;
    }

    private static LeadTransition Score(string id, string batchId) => LeadTransition.Imported(
        new LeadEntity
        {
            Id = id, Name = "Lead " + id[^6..], BatchId = batchId, CreatedAt = Created,
            Status = LeadStatus.Scored, Score = 80, Intent = "High", ScoredAt = Created,
        },
        batchId);

    private async Task<LeadEntity> LeadAsync(string id)
    {
        var table = await _tables.GetAsync(LeadTables.Leads, CancellationToken.None);
        return (await LeadPartitionWriter.GetAsync<LeadEntity>(table, OfferId, LeadKeys.Lead(id), CancellationToken.None))!;
    }

    private async Task<List<TableEntity>> RowsAsync()
    {
        var table = await _tables.GetAsync(LeadTables.Leads, CancellationToken.None);
        return await table.QueryAsync<TableEntity>(e => e.PartitionKey == OfferId).ToListAsync();
    }

    private static long Sum(IEnumerable<TableEntity> rows, string rowKeyPrefix, string counter) =>
        rows.Where(r => r.RowKey.StartsWith(rowKeyPrefix, StringComparison.Ordinal)).Sum(r => r.GetInt64(counter) ?? 0);
}
