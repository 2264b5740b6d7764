using System.Net;
using System.Net.Http.Json;
using System.Text;
namespace LeadFunctions.IntegrationTests.Results;

/// <summary>
/// What <c>GET /api/leads/results</c>, <c>GET /api/leads</c> and <c>/api/leads/{id}</c> do with bad or hostile input:
/// a 400 problem naming the parameter, or an empty answer, never a 500 and never another offer's leads.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LeadResultsFunctionsTests(TwoOfferLeadsFixture seed) : IClassFixture<TwoOfferLeadsFixture>
{
    [Theory]
    [InlineData("page_size", "0")]
    [InlineData("page_size", "1001")]
    [InlineData("page_size", "abc")]
    [InlineData("page_size", "-5")]
    [InlineData("page_size", "1.5")]
    [InlineData("page_size", " 10")]
    [InlineData("min_score", "101")]
    [InlineData("min_score", "-1")]
    [InlineData("min_score", "abc")]
    [InlineData("min_score", "50.5")]
    [InlineData("intent", "Foo")]
    [InlineData("intent", "Highest")]
    [InlineData("intent", "High' or true")]
    [InlineData("offer_id", "' or ''='")]
    [InlineData("offer_id", "ABC")]
    [InlineData("batch_id", "x' or PartitionKey ne '")]
    [InlineData("batch_id", "b/../x")]
    [InlineData("cursor", "not a cursor!")]
    public async Task A_bad_parameter_is_a_400_problem_naming_it(string name, string value)
    {
        foreach (var route in new[] { "/api/leads/results", "/api/leads" })
        {
            var response = await seed.Api.Http.GetAsync($"{route}?{name}={Uri.EscapeDataString(value)}");

            await ProblemAssert.IsValidationAsync(response, name);
        }
    }

    [Theory]
    [InlineData("page_size", "1")]
    [InlineData("page_size", "1000")]
    [InlineData("min_score", "0")]
    [InlineData("min_score", "100")]
    [InlineData("intent", "High")]
    [InlineData("intent", "LOW")]
    [InlineData("cursor", "")]
    public async Task Boundary_values_are_accepted(string name, string value)
    {
        var response = await seed.Api.Http.GetAsync($"/api/leads/results?{name}={Uri.EscapeDataString(value)}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Intent_is_matched_without_case()
    {
        var exact = await seed.Api.WalkAsync("intent=High", 100);
        var lower = await seed.Api.WalkAsync("intent=high", 100);

        Assert.True(exact.Pages[0].Count > 0);
        Assert.Equal(exact.Pages[0].Count, lower.Pages[0].Count);
        Assert.Equal(exact.Items.Select(i => i.Id), lower.Items.Select(i => i.Id));
        Assert.All(lower.Items, i => Assert.Equal("High", i.Intent));
    }

    [Fact]
    public async Task Repeating_a_filter_is_rejected_rather_than_widened_to_both_offers()
    {
        var response = await seed.Api.Http.GetAsync($"/api/leads/results?offer_id={seed.OfferA}&offer_id={seed.OfferB}");

        await ProblemAssert.IsValidationAsync(response, "offer_id");
    }

    [Fact]
    public async Task One_offers_filter_with_another_offers_batch_is_empty()
    {
        var page = await seed.Api.GetPageAsync($"/api/leads/results?offer_id={seed.OfferA}&batch_id={seed.BatchB}");

        Assert.Equal(0, page.Count);
        Assert.Empty(page.Results);
        Assert.Null(page.Next);
    }

    [Fact]
    public async Task Each_offer_filter_sees_only_its_own_leads()
    {
        var a = await seed.Api.WalkAsync($"offer_id={seed.OfferA}", 1000);
        var b = await seed.Api.WalkAsync($"batch_id={seed.BatchB}", 1000);

        Assert.Equal(TwoOfferLeadsFixture.LeadsPerOffer, a.Items.Count);
        Assert.All(a.Items, i => Assert.Equal(seed.OfferA, i.OfferId));
        Assert.Equal(TwoOfferLeadsFixture.LeadsPerOffer, b.Items.Count);
        Assert.All(b.Items, i => Assert.Equal(seed.OfferB, i.OfferId));
    }

    [Fact]
    public async Task A_cursor_with_any_character_changed_is_refused()
    {
        var next = (await seed.Api.GetPageAsync($"/api/leads/results?offer_id={seed.OfferA}&page_size=5")).Next!;
        var cursor = CursorOf(next);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        var accepted = new List<string>();
        for (var i = 0; i < cursor.Length; i++)
        {
            var flipped = alphabet[(alphabet.IndexOf(cursor[i], StringComparison.Ordinal) + 1) % alphabet.Length];
            var tampered = cursor[..i] + flipped + cursor[(i + 1)..];
            var response = await seed.Api.Http.GetAsync($"/api/leads/results?offer_id={seed.OfferA}&page_size=5&cursor={tampered}");
            if (response.StatusCode != HttpStatusCode.BadRequest)
            {
                accepted.Add($"position {i}: {(int)response.StatusCode}");
            }
        }

        Assert.True(accepted.Count == 0, $"{accepted.Count} of {cursor.Length} one-character changes were not refused: {string.Join(", ", accepted)}");
    }

    [Fact]
    public async Task Random_or_foreign_cursors_are_refused()
    {
        var fromA = CursorOf((await seed.Api.GetPageAsync($"/api/leads/results?offer_id={seed.OfferA}&page_size=5")).Next!);
        var fromHigh = CursorOf((await seed.Api.GetPageAsync("/api/leads/results?intent=High&page_size=1")).Next!);
        var random = Convert.ToBase64String(Encoding.UTF8.GetBytes(Guid.NewGuid().ToString())).TrimEnd('=');
        var forged = Convert.ToBase64String(Encoding.UTF8.GetBytes("{\"K\":\"idx-000-a\",\"F\":\"|||\"}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

        string[] refused =
        [
            $"offer_id={seed.OfferB}&page_size=5&cursor={fromA}",
            $"page_size=5&cursor={fromA}",
            $"offer_id={seed.OfferA}&intent=Low&page_size=5&cursor={fromA}",
            $"offer_id={seed.OfferA}&min_score=0&page_size=5&cursor={fromA}",
            $"cursor={fromHigh}",
            $"intent=High&min_score=10&cursor={fromHigh}",
            $"cursor={random}",
            $"cursor={fromA[..^4]}",
            $"cursor={forged}",
        ];
        foreach (var query in refused)
        {
            await ProblemAssert.IsValidationAsync(await seed.Api.Http.GetAsync($"/api/leads/results?{query}"), "cursor");
        }
    }

    [Fact]
    public async Task A_cursor_keeps_working_with_another_page_size()
    {
        var first = await seed.Api.GetPageAsync($"/api/leads/results?offer_id={seed.OfferA}&page_size=5");
        var rest = await seed.Api.GetPageAsync($"/api/leads/results?offer_id={seed.OfferA}&page_size=100&cursor={CursorOf(first.Next!)}");

        Assert.Equal(TwoOfferLeadsFixture.LeadsPerOffer - 5, rest.Results.Count);
        Assert.Empty(first.Results.Select(r => r.Id).Intersect(rest.Results.Select(r => r.Id)));
    }

    [Theory]
    [InlineData("%2F")]
    [InlineData("a%2Fb")]
    [InlineData("%5C")]
    [InlineData("x%5Cy")]
    [InlineData("%23")]
    [InlineData("x%23y")]
    [InlineData("%3F")]
    [InlineData("x%3Fy%3D1")]
    [InlineData("..%2F..%2Foffers")]
    [InlineData("%27%20or%20%27%27%3D%27")]
    [InlineData("%20")]
    [InlineData("ABCDEF")]
    [InlineData("lead-")]
    [InlineData("-")]
    [InlineData("0123456789abcdef-00000000000000000000000000000000")]
    public async Task A_lead_id_that_is_not_one_of_ours_is_404_for_every_method(string encodedId)
    {
        var url = $"/api/leads/{encodedId}";
        var body = JsonContent.Create(new { role = "CEO" });

        foreach (var response in new[]
        {
            await seed.Api.Http.GetAsync(url),
            await seed.Api.Http.PutAsync(url, body),
            await seed.Api.Http.DeleteAsync(url),
        })
        {
            Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest,
                $"{response.RequestMessage!.Method} {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
    }

    [Fact]
    public async Task A_lead_id_of_another_offer_with_its_hash_is_404()
    {
        var lead = (await seed.Api.GetPageAsync($"/api/leads/results?offer_id={seed.OfferA}&page_size=1")).Results[0];
        var moved = seed.OfferB + lead.Id[seed.OfferA.Length..];

        Assert.Equal(HttpStatusCode.NotFound, (await seed.Api.Http.GetAsync($"/api/leads/{moved}")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await seed.Api.Http.GetAsync($"/api/leads/{lead.Id}")).StatusCode);
    }

    [Fact]
    public async Task A_very_long_lead_id_is_404()
    {
        var response = await seed.Api.Http.GetAsync($"/api/leads/{seed.OfferA}-{new string('a', 4000)}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static string CursorOf(string next)
    {
        var query = new Uri(next).Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p[1]);
        return Uri.UnescapeDataString(query["cursor"]);
    }
}
