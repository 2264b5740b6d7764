using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
namespace LeadFunctions.IntegrationTests.Results;

/// <summary>
/// <c>GET / PUT / DELETE /api/leads/{id}</c> and <c>POST /api/leads/score</c> through the local host, checking what
/// the lead, the listing's <c>count</c> and the batch's counters say afterwards. Offer A takes the edits and the
/// delete; offer B the rescoring, so each test reasons about a state no other test of the class changes.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LeadItemFunctionsTests(TwoOfferLeadsFixture seed) : IClassFixture<TwoOfferLeadsFixture>
{
    private static readonly TimeSpan ScoringTimeout = TimeSpan.FromMinutes(3);

    private static readonly string[] ResultFields =
    [
        "id", "offer_id", "batch_id", "name", "role", "company", "industry", "location", "linkedin_bio", "intent", "score",
        "reasoning", "status", "score_breakdown", "created_at", "scored_at",
    ];

    [Fact]
    public async Task Get_returns_the_result_item_with_every_spec_field()
    {
        var listed = (await seed.Api.GetPageAsync($"/api/leads/results?offer_id={seed.OfferB}&page_size=1")).Results[0];

        var lead = (await seed.Api.Http.GetFromJsonAsync<JsonObject>($"/api/leads/{listed.Id}"))!;

        Assert.Equal(ResultFields.Order(), lead.Select(p => p.Key).Order());
        Assert.Equal(["ai_intent", "ai_score", "factors", "rule_score", "scoring_method"], lead["score_breakdown"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal(listed.Id, lead["id"]!.GetValue<string>());
        Assert.Equal(seed.OfferB, lead["offer_id"]!.GetValue<string>());
        Assert.Equal(seed.BatchB, lead["batch_id"]!.GetValue<string>());
        Assert.Equal(listed.Name, lead["name"]!.GetValue<string>());
        Assert.Equal(listed.Score, lead["score"]!.GetValue<int>());
        Assert.Equal("scored", lead["status"]!.GetValue<string>());
        Assert.Equal("rules-only", lead["score_breakdown"]!["scoring_method"]!.GetValue<string>());
        Assert.Null(lead["score_breakdown"]!["ai_score"]);
        Assert.Equal(listed.Score, 2 * lead["score_breakdown"]!["rule_score"]!.GetValue<int>());
        var generated = seed.LeadsB.Single(l => l.Key == listed.Company.ToUpperInvariant());
        Assert.Equal(generated.Fields.LinkedinBio, lead["linkedin_bio"]!.GetValue<string>());
        Assert.True(DateTimeOffset.Parse(lead["scored_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture)
            >= DateTimeOffset.Parse(lead["created_at"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Put_edits_the_fields_requeues_and_the_lead_is_rescored_from_its_new_content()
    {
        await seed.Api.WaitForCompletedBatchAsync(seed.BatchA, ScoringTimeout);
        var before = await LowestScoredAsync();
        var countBefore = await seed.Api.CountAsync($"offer_id={seed.OfferA}");

        var response = await seed.Api.Http.PutAsJsonAsync($"/api/leads/{before.Id}", new
        {
            role = "Chief Executive Officer",
            industry = "B2B SaaS",
            location = "Bengaluru",
            linkedin_bio = "Now evaluating outreach tools",
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var edited = (await response.Content.ReadFromJsonAsync<LeadResponse>(JsonDefaults.Options))!;
        Assert.Equal("queued", edited.Status);
        Assert.Null(edited.Score);
        Assert.Equal(before.Name, edited.Name);
        Assert.Equal(before.Company, edited.Company);

        var rescored = await WaitForStatusAsync(before.Id, "scored");
        Assert.Equal("Chief Executive Officer", rescored.Role);
        Assert.Equal("B2B SaaS", rescored.Industry);
        Assert.Equal("Bengaluru", rescored.Location);
        Assert.Equal("Now evaluating outreach tools", rescored.LinkedinBio);
        Assert.Equal(100, rescored.Score);
        Assert.Equal("High", rescored.Intent);
        Assert.StartsWith("[Rule: Decision maker role (+20), Exact ICP match (+20), Complete profile (+10)]", rescored.Reasoning);
        Assert.True(rescored.ScoredAt > before.ScoredAt);
        Assert.Contains((await seed.Api.GetPageAsync($"/api/leads/results?offer_id={seed.OfferA}&min_score=100&page_size=1000")).Results,
            r => r.Id == before.Id);
        Assert.Equal(countBefore, await seed.Api.CountAsync($"offer_id={seed.OfferA}"));
        var batch = await seed.Api.WaitForCompletedBatchAsync(seed.BatchA, ScoringTimeout);
        BatchInvariants.AssertCountersAddUp(batch);
    }

    [Fact]
    public async Task Put_that_would_change_the_identity_to_another_leads_is_a_400_with_field_errors()
    {
        var leads = (await seed.Api.GetPageAsync($"/api/leads/results?offer_id={seed.OfferA}&page_size=2")).Results;
        var (target, other) = (leads[0], leads[1]);

        var response = await seed.Api.Http.PutAsJsonAsync($"/api/leads/{target.Id}", new { name = other.Name, company = other.Company });

        var problem = await ProblemAssert.IsValidationAsync(response, "name", "company");
        Assert.Contains("identify", problem["errors"]!["name"]![0]!.GetValue<string>());
        var unchanged = await GetLeadAsync(target.Id);
        Assert.Equal(target.Name, unchanged.Name);
        Assert.Equal(target.Company, unchanged.Company);
        Assert.Equal("scored", unchanged.Status);
    }

    [Theory]
    [InlineData("{\"role\": 5}", "role")]
    [InlineData("{\"industry\": [\"SaaS\"]}", "industry")]
    [InlineData("{\"linkedin_bio\": {\"text\": \"x\"}}", "linkedin_bio")]
    [InlineData("{\"location\": true}", "location")]
    [InlineData("{\"score\": 100}", "score")]
    [InlineData("{\"intent\": \"High\"}", "intent")]
    [InlineData("{\"status\": \"scored\"}", "status")]
    [InlineData("{\"role\": \"CEO\", \"nickname\": \"Boss\"}", "nickname")]
    [InlineData("{\"name\": \"\", \"company\": \"\"}", "name")]
    [InlineData("[\"role\"]", "body")]
    [InlineData("\"CEO\"", "body")]
    [InlineData("{\"role\": ", "body")]
    [InlineData("not json", "body")]
    public async Task Put_with_wrong_types_or_unknown_fields_is_a_400_and_changes_nothing(string body, string field)
    {
        var target = (await seed.Api.GetPageAsync($"/api/leads/results?offer_id={seed.OfferA}&page_size=3")).Results[2];

        var response = await seed.Api.Http.PutAsync($"/api/leads/{target.Id}", new StringContent(body, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsValidationAsync(response, field);
        var unchanged = await GetLeadAsync(target.Id);
        Assert.Equal("scored", unchanged.Status);
        Assert.Equal(target.Role, unchanged.Role);
        Assert.Equal(target.ScoredAt, unchanged.ScoredAt);
    }

    [Fact]
    public async Task Put_cannot_move_a_lead_to_another_id_offer_or_batch_but_may_echo_its_own()
    {
        var target = (await seed.Api.GetPageAsync($"/api/leads/results?offer_id={seed.OfferA}&page_size=4")).Results[3];
        var moves = new (string Field, object Body)[]
        {
            ("offer_id", new { offer_id = seed.OfferB, role = "CEO" }),
            ("batch_id", new { batch_id = seed.BatchB, role = "CEO" }),
            ("id", new { id = seed.OfferA + "-00000000000000000000000000000000", role = "CEO" }),
            ("offer_id", new { offer_id = (string?)null, role = "CEO" }),
        };

        foreach (var (field, body) in moves)
        {
            await ProblemAssert.IsValidationAsync(await seed.Api.Http.PutAsJsonAsync($"/api/leads/{target.Id}", body), field);
        }

        var unchanged = await GetLeadAsync(target.Id);
        Assert.Equal((target.Role, target.ScoredAt), (unchanged.Role, unchanged.ScoredAt));

        var echoed = await seed.Api.Http.PutAsJsonAsync($"/api/leads/{target.Id}",
            new { id = target.Id, offer_id = target.OfferId, batch_id = target.BatchId, role = target.Role });
        Assert.Equal(HttpStatusCode.OK, echoed.StatusCode);
        Assert.Equal(target.Score, (await WaitForStatusAsync(target.Id, "scored")).Score);
    }

    [Fact]
    public async Task Delete_removes_the_lead_from_results_count_and_its_batch_which_still_adds_up()
    {
        var batchBefore = await seed.Api.WaitForCompletedBatchAsync(seed.BatchA, ScoringTimeout);
        var victim = (await seed.Api.GetPageAsync($"/api/leads/results?offer_id={seed.OfferA}&page_size=1")).Results[0];
        var countBefore = await seed.Api.CountAsync($"offer_id={seed.OfferA}");
        var batchCountBefore = await seed.Api.CountAsync($"batch_id={seed.BatchA}");
        var intentCountBefore = await seed.Api.CountAsync($"offer_id={seed.OfferA}&intent={victim.Intent}");

        var deleted = await seed.Api.Http.DeleteAsync($"/api/leads/{victim.Id}");

        Assert.Equal(HttpStatusCode.NoContent, deleted.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await seed.Api.Http.GetAsync($"/api/leads/{victim.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await seed.Api.Http.DeleteAsync($"/api/leads/{victim.Id}")).StatusCode);
        Assert.Equal(countBefore - 1, await seed.Api.CountAsync($"offer_id={seed.OfferA}"));
        Assert.Equal(batchCountBefore - 1, await seed.Api.CountAsync($"batch_id={seed.BatchA}"));
        Assert.Equal(intentCountBefore - 1, await seed.Api.CountAsync($"offer_id={seed.OfferA}&intent={victim.Intent}"));
        var remaining = (await seed.Api.WalkAsync($"offer_id={seed.OfferA}", 1000)).Items;
        Assert.Equal(countBefore - 1, remaining.Count);
        Assert.DoesNotContain(remaining, r => r.Id == victim.Id);

        var batch = await seed.Api.GetBatchAsync(seed.BatchA);
        Assert.Equal("completed", batch["status"]!.GetValue<string>());
        Assert.Equal(Long(batchBefore, "rows_accepted") - 1, Long(batch, "rows_accepted"));
        Assert.Equal(Long(batchBefore, "scored") - 1, Long(batch, "scored"));
        Assert.Equal(Long(batchBefore["by_intent"]!, victim.Intent!) - 1, Long(batch["by_intent"]!, victim.Intent!));
        BatchInvariants.AssertCountersAddUp(batch);
    }

    [Fact]
    public async Task Score_with_nothing_unscored_queues_nothing()
    {
        await seed.Api.WaitForCompletedBatchAsync(seed.BatchB, ScoringTimeout);

        var result = await PostScoreAsync(new { offer_id = seed.OfferB });

        Assert.Equal(0, result["leads_queued"]!.GetValue<long>());
        Assert.Equal(seed.OfferB, result["offer_id"]!.GetValue<string>());
        Assert.False(result["rescore"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Rescore_of_an_offer_scores_its_leads_again_leaves_the_counts_alone_and_the_other_offer_untouched()
    {
        var offerA = (await seed.Api.WalkAsync($"offer_id={seed.OfferA}", 1000)).Items;

        await RescoreAndCheckAsync(new { offer_id = seed.OfferB, rescore = true }, $"offer_id={seed.OfferB}", [seed.BatchB]);

        var offerAAfter = (await seed.Api.WalkAsync($"offer_id={seed.OfferA}", 1000)).Items;
        Assert.Equal(offerA.Select(l => (l.Id, l.ScoredAt)), offerAAfter.Select(l => (l.Id, l.ScoredAt)));
    }

    [Fact]
    public async Task Rescore_without_a_scope_scores_every_lead_again_and_leaves_the_counts_alone()
    {
        await RescoreAndCheckAsync(new { rescore = true }, "", [seed.BatchA, seed.BatchB]);
    }

    [Theory]
    [InlineData("{\"rescore\": \"yes\"}", "rescore")]
    [InlineData("{\"rescore\": 1}", "rescore")]
    [InlineData("{\"offer_id\": \"Not An Id\"}", "offer_id")]
    [InlineData("{\"offer_id\": 5}", "offer_id")]
    [InlineData("{\"batch_id\": \"x' or PartitionKey ne '\"}", "batch_id")]
    [InlineData("{\"everything\": true}", "everything")]
    [InlineData("[]", "body")]
    [InlineData("{\"offer_id\": ", "body")]
    public async Task Score_with_a_bad_body_is_a_400(string body, string field)
    {
        var response = await seed.Api.Http.PostAsync("/api/leads/score", new StringContent(body, Encoding.UTF8, "application/json"));

        await ProblemAssert.IsValidationAsync(response, field);
    }

    [Theory]
    [InlineData("offer_id", "0123456789abcdef")]
    [InlineData("batch_id", "b0000000000000000000000000000000")]
    public async Task Score_for_an_unknown_offer_or_batch_is_404(string field, string id)
    {
        var response = await seed.Api.Http.PostAsync("/api/leads/score",
            new StringContent($"{{\"{field}\": \"{id}\", \"rescore\": true}}", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    /// <summary>Posts a rescore and checks every lead of the scope was scored again to the same score, with every count as before.</summary>
    private async Task RescoreAndCheckAsync(object body, string scope, string[] batchIds)
    {
        foreach (var batchId in batchIds)
        {
            await seed.Api.WaitForCompletedBatchAsync(batchId, ScoringTimeout);
        }

        var before = (await seed.Api.WalkAsync(scope, 1000)).Items.ToDictionary(i => i.Id);
        var countsBefore = await CountsAsync(scope);
        var batchesBefore = await Task.WhenAll(batchIds.Select(seed.Api.GetBatchAsync));

        var result = await PostScoreAsync(body);

        Assert.Equal(before.Count, result["leads_queued"]!.GetValue<long>());
        Assert.True(result["rescore"]!.GetValue<bool>());
        var batchesAfter = new List<JsonObject>();
        foreach (var batchId in batchIds)
        {
            batchesAfter.Add(await seed.Api.WaitForCompletedBatchAsync(batchId, ScoringTimeout));
        }

        var after = (await seed.Api.WalkAsync(scope, 1000)).Items;
        Assert.Equal(before.Keys.Order(), after.Select(a => a.Id).Order());
        Assert.All(after, lead =>
        {
            Assert.Equal("scored", lead.Status);
            Assert.Equal(before[lead.Id].Score, lead.Score);
            Assert.True(lead.ScoredAt > before[lead.Id].ScoredAt, $"{lead.Id} was not scored again");
        });
        Assert.Equal(countsBefore, await CountsAsync(scope));
        foreach (var (was, now) in batchesBefore.Zip(batchesAfter))
        {
            foreach (var counter in new[] { "rows_total", "rows_accepted", "rows_rejected", "duplicates", "scored", "failed" })
            {
                Assert.Equal(Long(was, counter), Long(now, counter));
            }

            Assert.Equal(was["by_intent"]!.ToJsonString(), now["by_intent"]!.ToJsonString());
            BatchInvariants.AssertCountersAddUp(now);
        }
    }

    private async Task<long[]> CountsAsync(string scope) =>
        await Task.WhenAll(new[] { "", "&intent=High", "&intent=Medium", "&intent=Low", "&min_score=60" }.Select(f => seed.Api.CountAsync(scope + f)));

    private static long Long(JsonNode node, string name) => node[name]!.GetValue<long>();


    private async Task<LeadResponse> LowestScoredAsync()
    {
        var all = (await seed.Api.WalkAsync($"offer_id={seed.OfferA}", 1000)).Items;
        var lowest = all[^1];
        Assert.True(lowest.Score < 100, "the seed has no lead an edit could raise");
        return lowest;
    }

    private async Task<LeadResponse> GetLeadAsync(string id) =>
        (await seed.Api.Http.GetFromJsonAsync<LeadResponse>($"/api/leads/{id}", JsonDefaults.Options))!;

    private async Task<LeadResponse> WaitForStatusAsync(string id, string status)
    {
        LeadResponse lead = null!;
        await LeadApi.WaitUntilAsync(async () => (lead = await GetLeadAsync(id)).Status == status, ScoringTimeout, () => $"{id} is {lead?.Status}");
        return lead;
    }

    /// <summary>Posts to leads/score and returns its operation once it has completed.</summary>
    private async Task<JsonObject> PostScoreAsync(object body)
    {
        using var response = await seed.Api.Http.PostAsJsonAsync("/api/leads/score", body);
        var operation = await LeadApi.WaitForOperationAsync(seed.Api.Http, response);
        Assert.Equal("completed", operation["status"]!.GetValue<string>());
        return operation;
    }
}
