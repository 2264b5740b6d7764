using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.IntegrationTests.Scoring;

/// <summary>
/// Scoring messages that carry the lead (<see cref="ScoreLeadMessage.Lead"/>), driven without the trigger: ingest
/// writes and queues, the test takes each message off the queue and hands it to <see cref="LeadScoringProcessor"/> as
/// the trigger would. Each <see cref="Instance"/> is a separate app instance (own caches) on the same storage.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ScoringMessageTests(AzuriteFixture storage) : IAsyncLifetime
{
    private readonly Dictionary<string, string?> _names = new()
    {
        ["LeadScoring:ScoringQueue"] = AzuriteFixture.NewQueueName("msg"),
        ["LeadScoring:TablePrefix"] = AzuriteFixture.NewTablePrefix(),
    };

    private FakeOpenAiServer _ai = null!;

    public async Task InitializeAsync() => _ai = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _ai.DisposeAsync();

    [Fact]
    public async Task A_message_carrying_the_lead_scores_it_and_a_duplicate_delivery_changes_nothing()
    {
        using var app = Instance();
        var (offerId, batchId) = await IngestAsync(app, [ScoringTestLeads.Ceo()]);
        var message = Assert.Single(await ReceiveAsync());
        Assert.NotNull(message.Lead);

        await Process(app, message, dequeueCount: 1);
        // The same message again, as a first delivery (sent twice) and as a redelivery in another instance.
        await Process(app, message, dequeueCount: 1);
        using (var other = Instance())
        {
            await Process(other, message, dequeueCount: 2);
        }

        var lead = Assert.Single(await LeadsAsync(offerId));
        Assert.Equal((LeadStatus.Scored, "hybrid"), (lead.Status, ScoringMethodOf(lead)));
        await AssertCountedAsync(offerId, batchId, scored: 1);
        Assert.Equal(1, _ai.CallCount);
    }

    [Fact]
    public async Task A_lead_edited_between_ingest_and_scoring_is_scored_from_its_new_content_and_counted_once()
    {
        using var app = Instance();
        var (offerId, batchId) = await IngestAsync(app, [ScoringTestLeads.Ceo() with { Role = "Intern" }]);
        var first = Assert.Single(await ReceiveAsync());
        var stored = Assert.Single(await LeadsAsync(offerId));
        await app.GetRequiredService<LeadRequeuer>().EditAsync(stored, stored.GetFields() with { Role = "CEO" }, CancellationToken.None);
        var second = Assert.Single(await ReceiveAsync());

        // The copy taken at ingest is stale: scoring must find out and score what the lead says now.
        await Process(app, first, dequeueCount: 1);
        await Process(app, second, dequeueCount: 1);

        var lead = Assert.Single(await LeadsAsync(offerId));
        Assert.Equal((LeadStatus.Scored, "CEO"), (lead.Status, lead.Role));
        Assert.Contains("Decision maker", lead.Reasoning, StringComparison.Ordinal);
        await AssertCountedAsync(offerId, batchId, scored: 1);
    }

    [Fact]
    public async Task A_message_in_the_old_format_still_scores_its_lead()
    {
        using var app = Instance();
        var (offerId, batchId) = await IngestAsync(app, [ScoringTestLeads.Ceo()]);
        var message = Assert.Single(await ReceiveAsync());
        var old = ScoringQueue.Parse($$"""{"offer_id":"{{message.OfferId}}","lead_id":"{{message.LeadId}}","batch_id":"{{message.BatchId}}"}""");
        Assert.NotNull(old);
        Assert.Null(old.Lead);

        await Process(app, old, dequeueCount: 1);

        Assert.Equal(LeadStatus.Scored, Assert.Single(await LeadsAsync(offerId)).Status);
        await AssertCountedAsync(offerId, batchId, scored: 1);
    }

    [Fact]
    public async Task A_lead_too_big_to_carry_travels_without_its_copy_and_is_scored_from_storage()
    {
        using var app = Instance();
        // 5 × 4,000 characters of 3 UTF-8 bytes each: past what a queue message holds.
        var big = new string('€', LeadCsvLimits.MaxFieldChars);
        var (offerId, batchId) = await IngestAsync(app, [new LeadFields(big, "CEO", big, big, big, big)]);
        var message = Assert.Single(await ReceiveAsync());
        Assert.Null(message.Lead);

        await Process(app, message, dequeueCount: 1);

        var lead = Assert.Single(await LeadsAsync(offerId));
        Assert.Equal((LeadStatus.Scored, big), (lead.Status, lead.LinkedinBio));
        await AssertCountedAsync(offerId, batchId, scored: 1);
    }

    [Fact]
    public async Task A_rescore_or_re_upload_of_unchanged_content_reuses_the_classification_the_lead_keeps()
    {
        using (var app = Instance())
        {
            var (offerId, _) = await IngestAsync(app, [ScoringTestLeads.Ceo()]);
            await Process(app, Assert.Single(await ReceiveAsync()), dequeueCount: 1);
            Assert.Equal(1, _ai.CallCount);
            Assert.NotNull(Assert.Single(await LeadsAsync(offerId)).GetClassification());

            // Another instance (nothing cached in memory) rescores: the message carries the classification.
            await app.GetRequiredService<LeadRequeuer>().RequeueAsync(
                new LeadFilter(offerId, null, null, null), rescore: true, after: null, (_, _, _) => Task.CompletedTask, CancellationToken.None);
            var rescore = Assert.Single(await ReceiveAsync());
            Assert.NotNull(rescore.Lead?.Classification);
            using (var other = Instance())
            {
                await Process(other, rescore, dequeueCount: 1);
            }

            // Re-uploaded unchanged, then scored by a third instance from storage (an old-format message).
            var again = BatchIds.NewForUpload();
            await app.GetRequiredService<LeadChunkWriter>().WriteAsync(offerId, again, [Row(ScoringTestLeads.Ceo(), offerId, 2)], resend: false, CancellationToken.None);
            var reupload = Assert.Single(await ReceiveAsync());
            using (var third = Instance())
            {
                await Process(third, reupload with { Lead = null }, dequeueCount: 1);
            }

            var lead = Assert.Single(await LeadsAsync(offerId));
            Assert.Equal((LeadStatus.Scored, again, "hybrid"), (lead.Status, lead.BatchId, ScoringMethodOf(lead)));
            await AssertCountedAsync(offerId, again, scored: 1);
        }

        Assert.Equal(1, _ai.CallCount);
    }

    [Fact]
    public async Task Leads_scored_at_once_by_one_instance_share_transactions_and_their_messages_again_change_nothing()
    {
        var (app, offerId, batchId, messages) = await RulesOnlyBatchAsync(new LeadGenerator("gc", 5), 65);
        using var _ = app;
        Assert.All(messages, m => Assert.NotNull(m.Lead));

        var before = StorageRequestCounter.Snapshot();
        await Task.WhenAll(messages.SkipLast(1).Select(m => Process(app, m, dequeueCount: 1)));
        var transactions = StorageRequestCounter.Since(before).GetValueOrDefault("table transaction");

        // One transaction per lead without group commit; with it, the leads waiting behind a partition's write share the next.
        Assert.InRange(transactions, 1, (messages.Count - 1) / 4);
        var leads = await LeadsAsync(offerId);
        Assert.Equal(messages.Count, leads.Count);
        Assert.All(leads, l => Assert.Equal(LeadStatus.Scored, l.Status));
        await AssertCountedAsync(offerId, batchId, scored: messages.Count);

        // Every message again, twice at once, as first deliveries: their copies' ETags are stale, so each is read and kept.
        await Task.WhenAll(messages.Concat(messages).Select(m => Process(app, m, dequeueCount: 1)));
        Assert.Equal(
            leads.Select(l => (l.Id, l.ETag, l.Score)).OrderBy(l => l.Id),
            (await LeadsAsync(offerId)).Select(l => (l.Id, l.ETag, l.Score)).OrderBy(l => l.Id));
        await AssertCountedAsync(offerId, batchId, scored: messages.Count);
    }

    [Fact]
    public async Task A_lead_whose_write_storage_refuses_fails_only_its_own_message_among_those_written_together()
    {
        var (app, offerId, batchId, messages) = await RulesOnlyBatchAsync(new LeadGenerator("gf", 6), 24);
        using var _ = app;

        // A copy naming a lead id that is no valid table key ('#'): storage refuses the transaction that holds it.
        var refused = messages[0] with { LeadId = messages[0].LeadId + "#" };
        var processed = messages.Skip(1).SkipLast(1).Append(refused)
            .Select(async m => (Message: m, Error: await Record.ExceptionAsync(() => Process(app, m, dequeueCount: 1)))).ToList();
        var outcomes = await Task.WhenAll(processed);

        var failure = Assert.Single(outcomes, o => o.Error is not null);
        Assert.Same(refused, failure.Message);
        Assert.Equal(400, Assert.IsAssignableFrom<Azure.RequestFailedException>(failure.Error).Status);
        var leads = await LeadsAsync(offerId);
        Assert.Equal(LeadStatus.Queued, Assert.Single(leads, l => l.Id == messages[0].LeadId).Status);
        Assert.Equal(messages.Count - 1, leads.Count(l => l.Status == LeadStatus.Scored));

        await Process(app, messages[0], dequeueCount: 1);
        await AssertCountedAsync(offerId, batchId, scored: messages.Count);
    }

    /// <summary>An app instance on this test's storage and names, with the fake AI or rules only.</summary>
    private ServiceProvider Instance(bool ai = true)
    {
        var settings = HostSettings.Merge(ai ? HostSettings.Ai(_ai) : [], _names, new Dictionary<string, string?> { ["AzureWebJobsStorage"] = storage.ConnectionString });
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection().AddLogging().AddSingleton<IConfiguration>(configuration).AddApplicationServices(configuration).BuildServiceProvider();
    }

    /// <summary>
    /// A rules-only instance with <paramref name="count"/> generated leads ingested, their messages taken and the last
    /// one scored, so the offer is read: the others then reach the writer without waiting, and queue up behind a
    /// partition's transaction when processed at once.
    /// </summary>
    private async Task<(ServiceProvider App, string OfferId, string BatchId, List<ScoreLeadMessage> Messages)> RulesOnlyBatchAsync(LeadGenerator leads, int count)
    {
        var app = Instance(ai: false);
        var (offerId, batchId) = await IngestAsync(app, leads.Leads(count).Select(l => l.Fields).ToList());
        var messages = await ReceiveAllAsync(count);
        await Process(app, messages[^1], dequeueCount: 1);
        return (app, offerId, batchId, messages);
    }

    private static IngestLead Row(LeadFields fields, string offerId, long line) => new(LeadIds.Create(offerId, LeadIdentity.Id(fields)), fields, line);

    private static async Task<(string OfferId, string BatchId)> IngestAsync(IServiceProvider app, IReadOnlyList<LeadFields> leads)
    {
        var offer = await app.GetRequiredService<OfferRepository>().CreateAsync(
            new OfferInput("AI Outreach Automation", ["24/7 outreach"], ["B2B SaaS"], null), CancellationToken.None);
        var batchId = BatchIds.NewForUpload();
        foreach (var chunk in leads.Select((l, i) => Row(l, offer.Id, i + 2)).Chunk(LeadPartitionWriter.MaxLeadsPerTransaction))
        {
            await app.GetRequiredService<LeadChunkWriter>().WriteAsync(offer.Id, batchId, chunk, resend: false, CancellationToken.None);
        }

        return (offer.Id, batchId);
    }

    private static Task Process(IServiceProvider app, ScoreLeadMessage message, long dequeueCount) =>
        app.GetRequiredService<LeadScoringProcessor>().ProcessAsync(message, dequeueCount, CancellationToken.None);

    /// <summary>Takes every message off the scoring queue, as the trigger would read them.</summary>
    private async Task<List<ScoreLeadMessage>> ReceiveAsync()
    {
        var queue = storage.CreateQueueServiceClient().GetQueueClient(_names["LeadScoring:ScoringQueue"]);
        var messages = new List<ScoreLeadMessage>();
        foreach (var received in (await queue.ReceiveMessagesAsync(32)).Value)
        {
            messages.Add(ScoringQueue.Parse(received.MessageText) ?? throw new InvalidOperationException("Not a scoring message."));
            await queue.DeleteMessageAsync(received.MessageId, received.PopReceipt);
        }

        return messages;
    }

    /// <summary>Takes <paramref name="count"/> messages off the scoring queue (bounded passes).</summary>
    private async Task<List<ScoreLeadMessage>> ReceiveAllAsync(int count)
    {
        var messages = new List<ScoreLeadMessage>();
        for (var pass = 0; pass < 100 && messages.Count < count; pass++)
        {
            messages.AddRange(await ReceiveAsync());
        }

        Assert.Equal(count, messages.Count);
        return messages;
    }

    private async Task<List<LeadEntity>> LeadsAsync(string offerId) =>
        (await Table().QueryAsync<LeadEntity>(LeadPartitions.AnyPartitionFilter(offerId)).ToListAsync()).Where(e => e.RowKey.StartsWith(LeadKeys.LeadPrefix, StringComparison.Ordinal)).ToList();

    /// <summary>The offer's and the batch's counters: the lead counted once, as scored.</summary>
    private async Task AssertCountedAsync(string offerId, string batchId, int scored)
    {
        var rows = await Table().QueryAsync<TableEntity>(LeadPartitions.AnyPartitionFilter(offerId)).ToListAsync();
        long Sum(string prefix, string counter) => rows.Where(r => r.RowKey.StartsWith(prefix, StringComparison.Ordinal)).Sum(r => r.GetInt64(counter) ?? 0);
        long Buckets(string prefix) => rows.Where(r => r.RowKey.StartsWith(prefix, StringComparison.Ordinal))
            .Sum(r => r.Keys.Where(k => k.StartsWith('S')).Sum(k => r.GetInt64(k) ?? 0));

        Assert.Equal(scored, Sum(LeadKeys.ProgressPrefixFor(batchId), "Scored"));
        Assert.Equal(0, Sum(LeadKeys.OfferTallyPrefix, "Queued"));
        Assert.Equal(scored, Buckets(LeadKeys.OfferTallyPrefix));
        Assert.Equal(scored, Buckets(LeadKeys.BatchTallyPrefixFor(batchId)));
        Assert.Equal(scored, rows.Count(r => r.RowKey.StartsWith(LeadKeys.IndexPrefix, StringComparison.Ordinal)));
    }

    private TableClient Table() => storage.CreateTableServiceClient().GetTableClient(_names["LeadScoring:TablePrefix"] + LeadTables.Leads);

    private static string ScoringMethodOf(LeadEntity lead) =>
        System.Text.Json.JsonDocument.Parse(lead.BreakdownJson!).RootElement.GetProperty("scoring_method").GetString()!;
}
