using Xunit.Abstractions;

namespace LeadFunctions.IntegrationTests.Leads;

/// <summary>
/// <c>GET /api/leads/results</c> and <c>GET /api/leads</c> over 2,500 leads scored through the pipeline: walking
/// <c>next</c> covers every lead once, in score-then-name order, and <c>count</c> is right under every filter.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LeadPaginationTests(ScoredLeadsFixture seed, ITestOutputHelper output) : IClassFixture<ScoredLeadsFixture>
{
    private readonly ScoredLeadsFixture _seed = seed;

    [Fact]
    public void The_seed_spreads_scores_and_intents_so_ordering_is_meaningful()
    {
        output.WriteLine($"Starting the host and seeding 2,500 leads through upload and scoring took {_seed.SeedTime.TotalSeconds:0.0} s.");
        var leads = _seed.Leads.ToList();

        Assert.Equal(2_500, leads.Count);
        Assert.Equal([0, 20, 40, 60, 80, 100], leads.Select(l => l.Lead.ExpectedScore).Distinct().Order());
        Assert.Equal(["High", "Low", "Medium"], leads.Select(l => l.Lead.ExpectedIntent).Distinct().Order());
        var namesInB = leads.Where(l => l.OfferId == _seed.OfferB).Select(l => l.Lead.Name).ToHashSet();
        Assert.Contains(leads, l => l.OfferId == _seed.OfferA && namesInB.Contains(l.Lead.Name));
    }

    [Theory]
    [InlineData(100)]
    [InlineData(1000)]
    [InlineData(7)]
    public async Task Walking_next_covers_every_lead_once_in_score_then_name_order(int pageSize)
    {
        var walk = await _seed.Api.WalkAsync("", pageSize);

        AssertWalk(walk, pageSize, _seed.Leads.ToList(), "/api/leads/results");
    }

    [Fact]
    public async Task The_leads_route_pages_exactly_like_results()
    {
        var results = await _seed.Api.WalkAsync($"offer_id={_seed.OfferA}", 500);
        var leads = await _seed.Api.WalkAsync($"offer_id={_seed.OfferA}", 500, route: "/api/leads");

        AssertWalk(leads, 500, _seed.Leads.Where(l => l.OfferId == _seed.OfferA).ToList(), "/api/leads");
        Assert.Equal(results.Items.Select(i => i.Id), leads.Items.Select(i => i.Id));
    }

    [Theory]
    [InlineData("offer_id={A}")]
    [InlineData("offer_id={B}")]
    [InlineData("batch_id={A2}")]
    [InlineData("batch_id={B1}")]
    [InlineData("intent=High")]
    [InlineData("intent=Medium")]
    [InlineData("intent=Low")]
    [InlineData("intent=high")]
    [InlineData("intent=mEdIuM")]
    [InlineData("min_score=0")]
    [InlineData("min_score=60")]
    [InlineData("min_score=61")]
    [InlineData("min_score=100")]
    [InlineData("offer_id={A}&intent=Low")]
    [InlineData("offer_id={B}&min_score=80")]
    [InlineData("batch_id={A1}&intent=Medium&min_score=50")]
    [InlineData("offer_id={A}&batch_id={A2}&intent=High&min_score=100")]
    [InlineData("offer_id={B}&batch_id={A1}")]
    [InlineData("intent=High&min_score=40")]
    [InlineData("intent=Low&min_score=40")]
    public async Task Count_and_pages_are_right_under_each_filter(string template)
    {
        var query = Resolve(template);
        var expected = _seed.Leads.Where(Matches(query)).ToList();

        var walk = await _seed.Api.WalkAsync(query, 100);

        Assert.Equal(expected.Count, walk.Pages[0].Count);
        AssertWalk(walk, 100, expected, "/api/leads/results");
    }

    [Fact]
    public async Task Without_offer_id_two_offers_merge_into_one_order()
    {
        var merged = (await _seed.Api.WalkAsync("", 1000)).Items;
        var offerA = (await _seed.Api.WalkAsync($"offer_id={_seed.OfferA}", 1000)).Items;
        var offerB = (await _seed.Api.WalkAsync($"offer_id={_seed.OfferB}", 1000)).Items;

        // The merge keeps each offer's own order and interleaves them (not one offer after the other).
        Assert.Equal(offerA.Select(i => i.Id), merged.Where(i => i.OfferId == _seed.OfferA).Select(i => i.Id));
        Assert.Equal(offerB.Select(i => i.Id), merged.Where(i => i.OfferId == _seed.OfferB).Select(i => i.Id));
        var switches = merged.Zip(merged.Skip(1)).Count(pair => pair.First.OfferId != pair.Second.OfferId);
        Assert.True(switches > 100, $"only {switches} switches between offers");
        Assert.Equal(2_500, merged.Count);
    }

    /// <summary>Pages are full but the last, disjoint, cover exactly <paramref name="expected"/>, in order, with right scores; <c>next</c> is absolute and ends null.</summary>
    private static void AssertWalk(LeadWalk walk, int pageSize, IReadOnlyList<SeededLead> expected, string route)
    {
        var pages = walk.Pages;
        Assert.Equal(Math.Max(1, (expected.Count + pageSize - 1) / pageSize), pages.Count);
        Assert.All(pages, page => Assert.Equal(expected.Count, page.Count));
        Assert.All(pages.SkipLast(1), page => Assert.Equal(pageSize, page.Results.Count));
        Assert.Null(pages[^1].Next);
        foreach (var next in pages.SkipLast(1).Select(p => p.Next))
        {
            Assert.True(Uri.TryCreate(next, UriKind.Absolute, out var url), $"next is not an absolute URL: {next}");
            Assert.Equal("127.0.0.1", url.Host);
            Assert.Equal(route, url.AbsolutePath);
            Assert.Contains($"page_size={pageSize}", url.Query);
            Assert.Contains("cursor=", url.Query);
        }

        var items = walk.Items;
        Assert.Equal(items.Count, items.Select(i => i.Id).Distinct().Count());
        var byKey = expected.ToDictionary(KeyOf);
        Assert.Equal(byKey.Keys.Order(), items.Select(i => (i.OfferId, i.Company.ToUpperInvariant())).Order());
        Assert.All(items, item =>
        {
            var seeded = byKey[(item.OfferId, item.Company.ToUpperInvariant())];
            Assert.Equal(seeded.BatchId, item.BatchId);
            Assert.Equal("scored", item.Status);
            Assert.Equal(seeded.Lead.ExpectedScore, item.Score);
            Assert.Equal(seeded.Lead.ExpectedIntent, item.Intent);
        });

        for (var i = 1; i < items.Count; i++)
        {
            Assert.True(ResultOrder(items[i - 1], items[i]) < 0,
                $"#{i - 1} ({items[i - 1].Score}, {items[i - 1].Name}, {items[i - 1].Id}) is not before #{i} ({items[i].Score}, {items[i].Name}, {items[i].Id})");
        }
    }

    /// <summary>Score descending, then name without case, then id (the tie-break between equal names).</summary>
    private static int ResultOrder(LeadResponse a, LeadResponse b)
    {
        var byScore = (b.Score ?? -1).CompareTo(a.Score ?? -1);
        if (byScore != 0)
        {
            return byScore;
        }

        var byName = string.CompareOrdinal(a.Name.ToLowerInvariant(), b.Name.ToLowerInvariant());
        return byName != 0 ? byName : string.CompareOrdinal(a.Id, b.Id);
    }

    private static (string OfferId, string Company) KeyOf(SeededLead lead) => (lead.OfferId, lead.Lead.Key);

    private string Resolve(string template)
    {
        var batchByPrefix = _seed.Batches.Values.ToDictionary(b => b.Leads[0].Fields.Company[..2], b => b.BatchId);
        return template
            .Replace("{A}", _seed.OfferA, StringComparison.Ordinal)
            .Replace("{B}", _seed.OfferB, StringComparison.Ordinal)
            .Replace("{A1}", batchByPrefix["A1"], StringComparison.Ordinal)
            .Replace("{A2}", batchByPrefix["A2"], StringComparison.Ordinal)
            .Replace("{B1}", batchByPrefix["B1"], StringComparison.Ordinal);
    }

    /// <summary>The reference meaning of the filters, applied to what was seeded.</summary>
    private static Func<SeededLead, bool> Matches(string query)
    {
        var filters = query.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);
        return lead =>
            (!filters.TryGetValue("offer_id", out var offer) || lead.OfferId == offer)
            && (!filters.TryGetValue("batch_id", out var batch) || lead.BatchId == batch)
            && (!filters.TryGetValue("intent", out var intent) || string.Equals(lead.Lead.ExpectedIntent, intent, StringComparison.OrdinalIgnoreCase))
            && (!filters.TryGetValue("min_score", out var min) || lead.Lead.ExpectedScore >= int.Parse(min, System.Globalization.CultureInfo.InvariantCulture));
    }
}
