using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.IntegrationTests.Offers;

/// <summary><c>/api/offer</c> over HTTP on the local host: validation, ids that could address other keys, ETags, delete.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class OfferFunctionsTests(LocalHostFixture fixture) : IClassFixture<LocalHostFixture>
{
    private const string ValidBody = """{"name":"AI Outreach Automation","value_props":["24/7 outreach"],"ideal_use_cases":["B2B SaaS"]}""";

    private readonly LeadApi _api = fixture.Api;

    private HttpClient Http => fixture.Host.Http;

    public static TheoryData<string, string, string> InvalidBodies
    {
        get
        {
            var data = new TheoryData<string, string, string>();
            foreach (var method in new[] { "POST", "PUT" })
            {
                foreach (var row in InvalidOfferBodies.Cases)
                {
                    data.Add(method, (string)row[0], (string)row[1]);
                }
            }

            return data;
        }
    }

    /// <summary>Ids as they appear in the URL path: encoded key characters, quotes, table-query syntax, wrong shapes.</summary>
    public static TheoryData<string, string> HostileIds
    {
        get
        {
            var data = new TheoryData<string, string>();
            string[] ids =
            [
                "a%2Fb", "a/b", "a%5Cb", "a%23b", "a%3Fb", "a'b", "a%27%20or%20PartitionKey%20ne%20%27", "%27%27", "a%20b",
                "ABCDEF0123456789", "%2E%2E", "..%2F..%2Foffer", "a%00b", "a%0Ab", "%E2%80%8B", new string('a', 300), "a%25b",
            ];
            foreach (var method in new[] { "GET", "PUT", "DELETE" })
            {
                foreach (var id in ids)
                {
                    data.Add(method, id);
                }
            }

            return data;
        }
    }

    [Fact]
    public async Task Create_answers_201_with_the_offer_its_location_and_an_etag()
    {
        using var response = await Http.PostAsync("/api/offer", Json(ValidBody));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var offer = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        var id = offer["id"]!.GetValue<string>();
        Assert.Matches("^[0-9a-f]{16}$", id);
        Assert.Equal("AI Outreach Automation", offer["name"]!.GetValue<string>());
        Assert.Equal(["24/7 outreach"], offer["value_props"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Equal(["B2B SaaS"], offer["ideal_use_cases"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.NotNull(offer["created_at"]);
        Assert.EndsWith($"/api/offer/{id}", response.Headers.Location!.ToString());
        Assert.False(string.IsNullOrEmpty(ETagOf(response)));

        var listed = await Http.GetFromJsonAsync<JsonArray>("/api/offer");
        Assert.Contains(listed!, o => o!["id"]!.GetValue<string>() == id);
    }

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task An_invalid_body_is_a_400_problem_naming_the_field_and_changes_nothing(string method, string body, string field)
    {
        var id = await _api.CreateOfferAsync("Unchanged");
        var before = await Http.GetStringAsync($"/api/offer/{id}");
        var offerCount = (await Http.GetFromJsonAsync<JsonArray>("/api/offer"))!.Count;

        using var response = await Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), method == "POST" ? "/api/offer" : $"/api/offer/{id}")
        {
            Content = Json(body),
        });

        var problem = await ProblemAssert.IsValidationAsync(response, field);
        Assert.False(string.IsNullOrWhiteSpace(problem["detail"]?.GetValue<string>()));
        Assert.Equal(before, await Http.GetStringAsync($"/api/offer/{id}"));
        Assert.Equal(offerCount, (await Http.GetFromJsonAsync<JsonArray>("/api/offer"))!.Count);
    }

    [Theory]
    [InlineData("POST", "text/plain")]
    [InlineData("POST", "application/x-www-form-urlencoded")]
    [InlineData("PUT", "text/csv")]
    public async Task A_body_that_is_not_declared_json_is_refused_with_a_problem(string method, string contentType)
    {
        var id = await _api.CreateOfferAsync();

        using var response = await Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), method == "POST" ? "/api/offer" : $"/api/offer/{id}")
        {
            Content = new StringContent(ValidBody, Encoding.UTF8, contentType),
        });

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_body_without_a_content_type_is_a_415_problem_since_a_web_page_can_send_one_cross_site()
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(ValidBody));

        using var response = await Http.PostAsync("/api/offer", content);

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("application/json", problem["detail"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_body_over_the_size_bound_is_a_413_problem()
    {
        var padding = new string(' ', OfferLimits.MaxBodyBytes);

        using var response = await Http.PostAsync("/api/offer", Json("{\"name\":\"x\"" + padding + "}"));

        await ProblemAssert.IsAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task An_unknown_id_is_a_404_problem(string method)
    {
        using var response = await SendAsync(method, "/api/offer/0123456789abcdef");

        var problem = await ProblemAssert.IsAsync(response, HttpStatusCode.NotFound);
        Assert.Contains("0123456789abcdef", problem["detail"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(HostileIds))]
    public async Task An_id_holding_key_characters_is_a_404_or_400_and_touches_no_offer(string method, string id)
    {
        var existing = await _api.CreateOfferAsync("Must survive");

        using var response = await SendAsync(method, $"/api/offer/{id}");

        Assert.True(response.StatusCode is HttpStatusCode.NotFound or HttpStatusCode.BadRequest,
            $"{method} /api/offer/{id} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        if (response.Content.Headers.ContentLength > 0)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        using var still = await Http.GetAsync($"/api/offer/{existing}");
        Assert.Equal(HttpStatusCode.OK, still.StatusCode);
    }

    [Fact]
    public async Task Put_honours_if_match_412_when_stale_200_with_a_new_etag_when_current()
    {
        using var created = await Http.PostAsync("/api/offer", Json(ValidBody));
        var id = (await created.Content.ReadFromJsonAsync<JsonObject>())!["id"]!.GetValue<string>();
        using var read = await Http.GetAsync($"/api/offer/{id}");
        var current = ETagOf(read);
        Assert.Equal(ETagOf(created), current);

        using var first = await PutAsync(id, """{"name":"Renamed once"}""", ifMatch: current);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        var second = ETagOf(first);
        Assert.NotEqual(current, second);

        using var stale = await PutAsync(id, """{"name":"Lost update"}""", ifMatch: current);
        await ProblemAssert.IsAsync(stale, HttpStatusCode.PreconditionFailed);
        Assert.Equal("Renamed once", (await Http.GetFromJsonAsync<JsonObject>($"/api/offer/{id}"))!["name"]!.GetValue<string>());

        using var fresh = await PutAsync(id, """{"name":"Renamed twice","ideal_use_cases":["Fintech"]}""", ifMatch: second);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(second, ETagOf(fresh));
        var offer = (await fresh.Content.ReadFromJsonAsync<JsonObject>())!;
        Assert.Equal("Renamed twice", offer["name"]!.GetValue<string>());
        Assert.Equal(["Fintech"], offer["ideal_use_cases"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.True(offer["updated_at"]!.GetValue<DateTimeOffset>() >= offer["created_at"]!.GetValue<DateTimeOffset>());
        Assert.Equal(ETagOf(fresh), ETagOf(await Http.GetAsync($"/api/offer/{id}")));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("*")]
    public async Task Put_without_a_specific_if_match_replaces_the_offer(string? ifMatch)
    {
        var id = await _api.CreateOfferAsync();

        using var response = await PutAsync(id, """{"name":"Replaced","value_props":["New"],"rules":{"high_threshold":80}}""", ifMatch);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var offer = (await Http.GetFromJsonAsync<JsonObject>($"/api/offer/{id}"))!;
        Assert.Equal("Replaced", offer["name"]!.GetValue<string>());
        Assert.Equal(["New"], offer["value_props"]!.AsArray().Select(v => v!.GetValue<string>()));
        Assert.Empty(offer["ideal_use_cases"]!.AsArray());
        Assert.Equal(80, offer["rules"]!["high_threshold"]!.GetValue<int>());
    }

    [Fact]
    public async Task An_offer_as_get_returns_it_can_be_put_back_unchanged()
    {
        var id = await _api.CreateOfferAsync();
        var fetched = await Http.GetStringAsync($"/api/offer/{id}");

        using var response = await PutAsync(id, fetched, ifMatch: null);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var before = JsonNode.Parse(fetched)!;
        var after = (await response.Content.ReadFromJsonAsync<JsonObject>())!;
        foreach (var field in new[] { "id", "name", "value_props", "ideal_use_cases", "created_at" })
        {
            Assert.Equal(before[field]!.ToJsonString(), after[field]!.ToJsonString());
        }
    }

    [Fact]
    public async Task Delete_answers_202_then_the_offer_its_batches_and_its_leads_are_gone()
    {
        var id = await _api.CreateOfferAsync();
        var batchId = await _api.UploadAcceptedAsync(id, Encoding.UTF8.GetBytes(LeadFunctions.Testing.CsvCorpus.Seed));
        Assert.Equal("completed", (await _api.WaitForBatchAsync(batchId))["status"]!.GetValue<string>());
        var leadIds = (await _api.LeadsAsync(id)).Select(l => l["id"]!.GetValue<string>()).ToList();
        Assert.Equal(3, leadIds.Count);

        using var deleted = await Http.DeleteAsync($"/api/offer/{id}");

        Assert.Equal(HttpStatusCode.Accepted, deleted.StatusCode);
        await ProblemAssert.IsAsync(await Http.GetAsync($"/api/offer/{id}"), HttpStatusCode.NotFound);
        Assert.Equal("completed", (await _api.WaitForOperationAsync(deleted))["status"]!.GetValue<string>());
        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/offer/{id}")).StatusCode);
        foreach (var leadId in leadIds)
        {
            await ProblemAssert.IsAsync(await Http.GetAsync($"/api/leads/{leadId}"), HttpStatusCode.NotFound);
        }

        await ProblemAssert.IsAsync(await Http.GetAsync($"/api/batches/{batchId}"), HttpStatusCode.NotFound);
        Assert.Empty(await _api.ListBatchesAsync(id));
        Assert.DoesNotContain((await Http.GetFromJsonAsync<JsonArray>("/api/offer"))!, o => o!["id"]!.GetValue<string>() == id);
        var leads = await fixture.Host.Services.GetRequiredService<LeadTables>().GetAsync(LeadTables.Leads, CancellationToken.None);
        Assert.Empty(await leads.QueryAsync<TableEntity>(LeadPartitions.AnyPartitionFilter(id)).ToListAsync());
    }

    private static StringContent Json(string body) => new(body, Encoding.UTF8, "application/json");

    private Task<HttpResponseMessage> SendAsync(string method, string path) =>
        Http.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = method == "PUT" ? Json(ValidBody) : null });

    private Task<HttpResponseMessage> PutAsync(string id, string body, string? ifMatch)
    {
        var request = new HttpRequestMessage(HttpMethod.Put, $"/api/offer/{id}") { Content = Json(body) };
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }

        return Http.SendAsync(request);
    }

    private static string ETagOf(HttpResponseMessage response) =>
        response.Headers.TryGetValues("ETag", out var values) ? values.Single() : "";
}
