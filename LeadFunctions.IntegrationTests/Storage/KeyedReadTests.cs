using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LeadFunctions.IntegrationTests.Storage;

/// <summary>
/// Bounded memory per request (issue 12, item 8): a read of leads across many offers never asks storage for a page per
/// offer, and listing batches reads key ranges of a partition instead of scanning the table. The app's readers run on a
/// table client that records every query it sends.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class KeyedReadTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    private const int Offers = 40;
    private const int LeadsPerOffer = 30;

    [Fact]
    public async Task Reading_every_offers_leads_takes_a_share_of_one_buffer_from_each_offer_and_still_merges_in_order()
    {
        var offerIds = new List<string>();
        for (var i = 0; i < Offers; i++)
        {
            offerIds.Add(await fixture.Api.CreateOfferAsync($"Offer {i}"));
        }

        var writer = fixture.Host.Services.GetRequiredService<LeadPartitionWriter>();
        await Task.WhenAll(offerIds.Select(async (offerId, o) =>
        {
            foreach (var chunk in Enumerable.Range(0, LeadsPerOffer).Chunk(LeadPartitionWriter.MaxLeadsPerTransaction))
            {
                await writer.ApplyAsync(offerId, chunk.Select(i => ScoredLead(offerId, $"Lead {o:D2}-{i:D2}", score: (o * 7 + i * 13) % 101)).ToList(), CancellationToken.None);
            }
        }));
        var (reader, queries) = RecordingReader();

        var leads = await reader.ReadAsync(new LeadFilter(null, null, null, null), after: null, pageHint: 1000, CancellationToken.None).ToListAsync();

        Assert.Equal(Offers * LeadsPerOffer, leads.Count(l => offerIds.Contains(l.OfferId)));
        Assert.Equal(leads.Select(l => l.RowKey).Order(StringComparer.Ordinal), leads.Select(l => l.RowKey));
        var tops = queries.Where(q => q.Contains("idx-", StringComparison.Ordinal)).Select(Top).ToList();
        Assert.NotEmpty(tops);
        Assert.All(tops, top => Assert.InRange(top, 1, LeadReader.MaxBufferedLeads / Offers));
    }

    [Fact]
    public async Task Listing_batches_reads_key_ranges_of_one_partition_and_pages_by_cursor()
    {
        var offerId = await fixture.Api.CreateOfferAsync();
        var uploaded = new List<string>();
        for (var i = 0; i < 3; i++)
        {
            uploaded.Add(await fixture.Api.UploadAcceptedAsync(offerId, System.Text.Encoding.UTF8.GetBytes(LeadFunctions.Testing.CsvCorpus.Seed)));
        }

        var (_, queries) = RecordingReader();
        var tables = RecordingTables(queries);
        var batches = new BatchRepository(tables, OfferStore(tables));
        var seen = new List<string>();
        string? after = null;
        for (var page = 0; page < 10; page++)
        {
            var (items, next) = await batches.ListAsync(offerId, after, pageSize: 1, CancellationToken.None);
            seen.AddRange(items.Select(b => b.BatchId));
            if ((after = next) is null)
            {
                break;
            }
        }

        Assert.Equal(Enumerable.Reverse(uploaded), seen);
        Assert.All(queries, q => Assert.Contains("PartitionKey eq 'list-" + offerId + "'", Uri.UnescapeDataString(q).Replace('+', ' '), StringComparison.Ordinal));

        var body = await fixture.Api.Http.GetStringAsync($"/api/batches?offer_id={offerId}&page_size=2");
        var nextUrl = System.Text.Json.Nodes.JsonNode.Parse(body)!["next"]!.GetValue<string>();
        Assert.Equal(3, System.Text.Json.Nodes.JsonNode.Parse(body)!["count"]!.GetValue<long>());
        var second = System.Text.Json.Nodes.JsonNode.Parse(await fixture.Api.Http.GetStringAsync(nextUrl))!;
        Assert.Equal([uploaded[0]], second["results"]!.AsArray().Select(b => b!["batch_id"]!.GetValue<string>()));
        Assert.Null(second["next"]);
        await ProblemAssert.IsValidationAsync(await fixture.Api.Http.GetAsync(nextUrl.Replace("cursor=", "cursor=x", StringComparison.Ordinal)), "cursor");
        await ProblemAssert.IsValidationAsync(await fixture.Api.Http.GetAsync(nextUrl.Replace(offerId, "0123456789abcdef", StringComparison.Ordinal)), "cursor");
    }

    private static LeadTransition ScoredLead(string offerId, string name, int score)
    {
        var lead = new LeadEntity { Id = LeadIds.Create(offerId, LeadFunctions.Leads.LeadIdentity.Id(new LeadFields(name, "CEO", "Acme", "SaaS", "Pune", "bio"))), BatchId = "b0", CreatedAt = DateTimeOffset.UtcNow };
        lead.SetFields(new LeadFields(name, "CEO", "Acme", "SaaS", "Pune", "bio"));
        lead.Status = LeadStatus.Scored;
        lead.Score = score;
        lead.Intent = score >= 70 ? "High" : score >= 40 ? "Medium" : "Low";
        return LeadTransition.Imported(lead);
    }

    private (LeadReader Reader, ConcurrentQueue<string> Queries) RecordingReader()
    {
        var queries = new ConcurrentQueue<string>();
        var tables = RecordingTables(queries);
        var offers = OfferStore(tables);
        return (new LeadReader(tables, offers, new BatchRepository(tables, offers)), queries);
    }

    private OfferRepository OfferStore(LeadTables tables) =>
        new(tables, TimeProvider.System, fixture.Host.Services.GetRequiredService<IOptions<LeadScoringOptions>>());

    private LeadTables RecordingTables(ConcurrentQueue<string> queries)
    {
        var options = new TableClientOptions();
        options.AddPolicy(new QueryRecorder(queries), HttpPipelinePosition.PerCall);
        var service = new TableServiceClient(fixture.Storage.ConnectionString, options);
        return new LeadTables(service, fixture.Host.Services.GetRequiredService<IOptions<LeadScoringOptions>>());
    }

    private static int Top(string query) =>
        int.Parse(query.Split(['?', '&']).Single(p => p.StartsWith("$top=", StringComparison.Ordinal) || p.StartsWith("%24top=", StringComparison.Ordinal)).Split('=')[1]);

    /// <summary>Keeps the query string of every entity query (a GET with a <c>$filter</c>).</summary>
    private sealed class QueryRecorder(ConcurrentQueue<string> queries) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            var query = message.Request.Uri.Query;
            if (message.Request.Method == RequestMethod.Get && (query.Contains("$filter", StringComparison.Ordinal) || query.Contains("%24filter", StringComparison.Ordinal)))
            {
                queries.Enqueue(query);
            }
        }
    }
}
