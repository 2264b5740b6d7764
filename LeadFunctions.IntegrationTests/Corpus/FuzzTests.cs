using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using Xunit.Abstractions;

namespace LeadFunctions.IntegrationTests.Corpus;

/// <summary>
/// Generated hostile requests per route against the local host (<see cref="FuzzInputs"/>): never a 5xx, never a
/// dropped connection, and every error is an RFC 9457 problem. Seeded (<see cref="FuzzSeed"/>: printed, and
/// replayable with <c>LEADFUNCTIONS_FUZZ_SEED</c>), bounded per route in count and time.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class FuzzTests(CorpusHost host, ITestOutputHelper output) : IClassFixture<CorpusHost>
{
    private const int CasesPerRoute = 100;

    /// <summary>Per route, so the whole run stays near a minute however slow the machine is.</summary>
    private static readonly TimeSpan TimePerRoute = TimeSpan.FromSeconds(2.5);

    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Each route with the part of the request that is generated: q(uery), r(oute value), j(son body), c(sv body).</summary>
    public static TheoryData<string, string, string> Routes => new()
    {
        { "POST", "/api/offer", "qj" },
        { "GET", "/api/offer", "q" },
        { "GET", "/api/offer/{id}", "qr" },
        { "PUT", "/api/offer/{id}", "rj" },
        { "DELETE", "/api/offer/{id}", "r" },
        { "POST", "/api/leads/upload", "qc" },
        { "POST", "/api/leads/score", "qj" },
        { "GET", "/api/leads/results", "q" },
        { "GET", "/api/leads/export_csv", "q" },
        { "GET", "/api/leads/summary", "q" },
        { "GET", "/api/leads", "q" },
        { "GET", "/api/leads/{id}", "r" },
        { "PUT", "/api/leads/{id}", "rj" },
        { "DELETE", "/api/leads/{id}", "r" },
        { "GET", "/api/batches/{id}", "r" },
        { "GET", "/api/batches", "q" },
        { "GET", "/api/operations/{id}", "r" },
        { "GET", "/api/health", "q" },
        { "GET", "/api/openapi.json", "q" },
        { "GET", "/api/docs", "q" },
        { "GET", "/api/docs/{id}", "r" },
        { "GET", "/api/dashboard", "q" },
        { "GET", "/api/dashboard/{id}", "r" },
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Generated_requests_never_get_a_5xx_and_every_error_is_a_problem(string method, string route, string generated)
    {
        var context = await host.NewContextAsync();
        var realId = route.StartsWith("/api/leads/{id}", StringComparison.Ordinal) ? await OneLeadIdAsync(context) : context.OfferId;
        var fuzz = new FuzzInputs(FuzzSeed.For($"{method} {route}"));
        output.WriteLine($"{method} {route}: seed {FuzzSeed.Value} (replay with {FuzzSeed.Replay})");
        Console.WriteLine($"fuzz {method} {route}: {FuzzSeed.Replay}");

        var clock = Stopwatch.StartNew();
        var sent = 0;
        for (; sent < CasesPerRoute && clock.Elapsed < TimePerRoute; sent++)
        {
            var target = route.Replace("{id}", generated.Contains('r') ? fuzz.RouteValue(realId) : realId, StringComparison.Ordinal);
            if (generated.Contains('q'))
            {
                target += fuzz.Query(context.OfferId);
            }

            var (body, contentType) = generated.Contains('j') ? fuzz.Json(Seed(route))
                : generated.Contains('c') ? fuzz.Csv()
                : ([], null);
            var reply = await SendAsync(context, method, target, body, contentType);
            var what = $"case {sent} ({FuzzSeed.Replay}): {method} {Shorten(target)} [{contentType}] {Shorten(Encoding.UTF8.GetString(body))} -> {reply.Status} {reply.ContentType} {Shorten(reply.Body)}";
            AssertNoServerErrorAndProblems(reply, what);
        }

        output.WriteLine($"{sent} requests in {clock.Elapsed.TotalSeconds:0.0} s");
        Assert.True(sent > 0);
    }

    private static void AssertNoServerErrorAndProblems(CorpusReply reply, string what)
    {
        Assert.True(reply.Status is >= 200 and < 500, $"not a 2xx–4xx answer: {what}");
        if (reply.Status >= 400)
        {
            Assert.True(reply.ContentType == Problems.ContentType, $"an error that is not problem+json: {what}");
            var problem = JsonNode.Parse(reply.Body)!;
            Assert.True(problem["status"]?.GetValue<int>() == reply.Status, $"the problem's status differs: {what}");
            Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()), $"a problem without a title: {what}");
        }
    }

    private static Task<CorpusReply> SendAsync(CorpusContext context, string method, string target, byte[] body, string? contentType)
    {
        var head = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"{method} {target} HTTP/1.1\r\n")
            .Append(CultureInfo.InvariantCulture, $"Host: {context.Http.BaseAddress!.Authority}\r\n")
            .Append("Connection: close\r\n");
        if (contentType is not null)
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Type: {contentType}\r\n");
        }

        if (body.Length > 0 || method is "POST" or "PUT")
        {
            head.Append(CultureInfo.InvariantCulture, $"Content-Length: {body.Length}\r\n");
        }

        return RawHttp.SendAsync(context.Http.BaseAddress, head.ToString(), body, closeAfterBody: false, RequestTimeout);
    }

    /// <summary>The valid body each JSON route starts its mutations from.</summary>
    private static JsonObject Seed(string route) => route switch
    {
        "/api/leads/score" => new JsonObject { ["offer_id"] = "abc", ["rescore"] = true },
        "/api/leads/{id}" => new JsonObject { ["role"] = "CTO", ["industry"] = "B2B SaaS", ["linkedin_bio"] = "Builds things." },
        _ => new JsonObject
        {
            ["name"] = "Fuzzed offer",
            ["value_props"] = new JsonArray("24/7 outreach", "6x more meetings"),
            ["ideal_use_cases"] = new JsonArray("B2B SaaS"),
            ["rules"] = new JsonObject { ["excluded_titles"] = new JsonArray("Intern"), ["high_threshold"] = 80 },
        },
    };

    /// <summary>A lead of the context's offer, so lead routes reach their body and storage code, not only their 404.</summary>
    private static async Task<string> OneLeadIdAsync(CorpusContext context)
    {
        var batchId = await context.Api.UploadAsync(context.OfferId, new LeadGenerator("Corpus").Csv(1));
        await context.Api.WaitForCompletionAsync(batchId, TimeSpan.FromMinutes(2));
        var page = JsonNode.Parse(await context.Http.GetStringAsync($"/api/leads?offer_id={context.OfferId}"))!;
        return page["results"]![0]!["id"]!.GetValue<string>();
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : $"{text[..300]}… ({text.Length} chars)";
}
