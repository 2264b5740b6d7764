using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Microsoft.OpenApi.Readers;

namespace LeadFunctions.Tests.Docs;

public sealed class OpenApiDocumentTests
{
    private static readonly string[] HttpMethods = ["get", "put", "post", "delete", "patch", "head", "options", "trace"];

    /// <summary>The route table of docs/api.md#routes: (function name, method, route under /api).</summary>
    private static readonly (string Function, string Method, string Route)[] SpecRoutes =
    [
        ("Health", "get", "health"),
        ("OpenApiDocument", "get", "openapi.json"),
        ("ApiDocs", "get", "docs"),
        ("ApiDocsAsset", "get", "docs/{file}"),
        ("Dashboard", "get", "dashboard"),
        ("DashboardAsset", "get", "dashboard/{name}"),
        ("CreateOffer", "post", "offer"),
        ("ListOffers", "get", "offer"),
        ("GetOffer", "get", "offer/{id}"),
        ("UpdateOffer", "put", "offer/{id}"),
        ("DeleteOffer", "delete", "offer/{id}"),
        ("UploadLeads", "post", "leads/upload"),
        ("ScoreLeads", "post", "leads/score"),
        ("GetLeadResults", "get", "leads/results"),
        ("ExportLeadsCsv", "get", "leads/export_csv"),
        ("GetLeadSummary", "get", "leads/summary"),
        ("ListLeads", "get", "leads"),
        ("GetLead", "get", "leads/{id}"),
        ("UpdateLead", "put", "leads/{id}"),
        ("DeleteLead", "delete", "leads/{id}"),
        ("GetBatch", "get", "batches/{id}"),
        ("ListBatches", "get", "batches"),
        ("GetOperation", "get", "operations/{id}"),
    ];

    private static readonly JsonObject Document = OpenApiDocumentBuilder.Build(LeadScoringOptions.DefaultMaxUploadBytes);

    [Fact]
    public void Is_a_valid_OpenAPI_3_0_document_with_no_reader_or_validation_errors()
    {
        var parsed = new OpenApiStringReader().Read(Document.ToJsonString(), out var diagnostic);

        Assert.Empty(diagnostic.Errors.Select(e => $"{e.Pointer}: {e.Message}"));
        Assert.Equal(OpenApiSpecVersion.OpenApi3_0, diagnostic.SpecificationVersion);
        Assert.Equal(SpecRoutes.Length, parsed.Paths.Values.Sum(p => p.Operations.Count));
    }

    [Fact]
    public void Documents_every_http_route_the_functions_metadata_declares_under_its_function_name()
    {
        var routes = FunctionsMetadata.HttpRoutes();
        Assert.NotEmpty(routes);

        var missing = routes
            .Where(r => OperationId("/api/" + r.Route, r.Method) != r.Function)
            .Select(r => $"{r.Function}: {r.Method.ToUpperInvariant()} /api/{r.Route}")
            .ToList();

        Assert.True(missing.Count == 0, "Routes without a matching operation in the OpenAPI document:\n" + string.Join("\n", missing));
    }

    [Fact]
    public void Anonymous_functions_need_no_key_and_every_other_route_needs_the_function_key()
    {
        foreach (var route in FunctionsMetadata.HttpRoutes())
        {
            var operation = Operation("/api/" + route.Route, route.Method);
            var security = operation["security"]!.AsArray();
            var documents401 = operation["responses"]!.AsObject().ContainsKey("401");
            if (route.AuthLevel == "Anonymous")
            {
                Assert.Empty(security);
                Assert.False(documents401, $"{route.Function} is anonymous but documents 401.");
            }
            else
            {
                var schemes = security.Select(s => s!.AsObject().Single().Key).Order().ToArray();
                Assert.Equal(["functionKeyHeader", "functionKeyQuery"], schemes);
                Assert.True(documents401, $"{route.Function} needs a key but documents no 401.");
            }
        }

        var components = Document["components"]!["securitySchemes"]!;
        Assert.Equal("x-functions-key", (string?)components["functionKeyHeader"]!["name"]);
        Assert.Equal("header", (string?)components["functionKeyHeader"]!["in"]);
        Assert.Equal("code", (string?)components["functionKeyQuery"]!["name"]);
        Assert.Equal("query", (string?)components["functionKeyQuery"]!["in"]);
    }

    [Fact]
    public void Has_exactly_the_operations_of_the_spec_route_table()
    {
        var documented = Paths()
            .SelectMany(p => HttpMethods.Where(m => p.Value!.AsObject().ContainsKey(m))
                .Select(m => ((string)p.Value![m]!["operationId"]!, m, p.Key)))
            .Order()
            .ToArray();

        Assert.Equal(SpecRoutes.Select(r => (r.Function, r.Method, "/api/" + r.Route)).Order().ToArray(), documented);
    }

    [Fact]
    public void Is_served_relative_to_the_host_it_is_read_from()
    {
        Assert.Equal("3.0.3", (string?)Document["openapi"]);
        Assert.Equal("/", (string?)Document["servers"]![0]!["url"]);
    }

    [Fact]
    public void Lead_listings_document_their_filters_with_the_parser_bounds()
    {
        foreach (var path in new[] { "/api/leads/results", "/api/leads" })
        {
            var parameters = Parameters(path, "get");
            Assert.Equal(["offer_id", "batch_id", "intent", "min_score", "page_size", "cursor"], parameters.Keys);
            Assert.Equal(["High", "Medium", "Low"], parameters["intent"]["schema"]!["enum"]!.AsArray().Select(v => (string)v!));
            Assert.Equal(0, (int)parameters["min_score"]["schema"]!["minimum"]!);
            Assert.Equal(100, (int)parameters["min_score"]["schema"]!["maximum"]!);
            Assert.Equal(1, (int)parameters["page_size"]["schema"]!["minimum"]!);
            Assert.Equal(1000, (int)parameters["page_size"]["schema"]!["maximum"]!);
            Assert.Equal(50, (int)parameters["page_size"]["schema"]!["default"]!);
        }

        var export = Parameters("/api/leads/export_csv", "get");
        Assert.Equal(["offer_id", "batch_id", "intent", "min_score", "bom"], export.Keys);
        Assert.Equal("boolean", (string)export["bom"]["schema"]!["type"]!);
        Assert.Contains("text/csv", Operation("/api/leads/export_csv", "get")["responses"]!["200"]!["content"]!.AsObject().Select(c => c.Key));
    }

    [Fact]
    public void Offer_bodies_carry_the_limits_the_parser_enforces()
    {
        var input = Schema("OfferInput")["properties"]!;
        Assert.Equal(OfferLimits.MaxNameLength, (int)input["name"]!["maxLength"]!);
        Assert.Equal(1, (int)input["name"]!["minLength"]!);
        Assert.Equal(OfferLimits.MaxListItems, (int)input["value_props"]!["maxItems"]!);
        Assert.Equal(OfferLimits.MaxValuePropLength, (int)input["value_props"]!["items"]!["maxLength"]!);
        Assert.Equal(OfferLimits.MaxListItems, (int)input["ideal_use_cases"]!["maxItems"]!);
        Assert.Equal(OfferLimits.MaxUseCaseLength, (int)input["ideal_use_cases"]!["items"]!["maxLength"]!);
        Assert.Equal(["name"], Schema("OfferInput")["required"]!.AsArray().Select(v => (string)v!));

        var rules = Schema("OfferRules")["properties"]!;
        foreach (var list in new[] { "decision_maker_titles", "influencer_titles", "excluded_titles", "adjacent_industries" })
        {
            Assert.Equal(OfferLimits.MaxRuleItems, (int)rules[list]!["maxItems"]!);
            Assert.Equal(OfferLimits.MaxRuleItemLength, (int)rules[list]!["items"]!["maxLength"]!);
        }

        foreach (var threshold in new[] { "high_threshold", "medium_threshold" })
        {
            Assert.Equal(1, (int)rules[threshold]!["minimum"]!);
            Assert.Equal(100, (int)rules[threshold]!["maximum"]!);
        }

        Assert.Contains($"{OfferLimits.MaxBodyBytes} bytes", (string)Schema("OfferInput")["description"]!);
    }

    [Fact]
    public void The_upload_documents_both_body_forms_and_the_configured_size_limit()
    {
        var upload = OpenApiDocumentBuilder.Build(12_345)["paths"]!["/api/leads/upload"]!["post"]!;

        Assert.Contains("12345 bytes", (string)upload["description"]!);
        var content = upload["requestBody"]!["content"]!.AsObject();
        Assert.Equal(["multipart/form-data", .. UploadRequestReader.RawCsvTypes], content.Select(c => c.Key));
        Assert.Equal(["file"], content["multipart/form-data"]!["schema"]!["required"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(["202", "400", "404", "413", "415", "403", "401"], upload["responses"]!.AsObject().Select(r => r.Key));
    }

    [Fact]
    public void Every_error_response_is_problem_json_and_update_offer_documents_the_stale_etag()
    {
        var errorResponses = Paths()
            .SelectMany(p => HttpMethods.Select(m => p.Value![m]).OfType<JsonObject>())
            .SelectMany(op => op["responses"]!.AsObject().Where(r => r.Key.StartsWith('4')))
            .ToList();
        // 401 comes from the Functions host, before the app runs, with no body: it documents no content.
        Assert.All(errorResponses.Where(r => r.Key == "401"), r => Assert.Null(r.Value!["content"]));
        errorResponses = [.. errorResponses.Where(r => r.Key != "401")];

        Assert.NotEmpty(errorResponses);
        Assert.All(errorResponses, r =>
        {
            var content = r.Value!["content"]!.AsObject().Single();
            Assert.Equal("application/problem+json", content.Key);
            Assert.Equal("#/components/schemas/ProblemDetails", (string?)content.Value!["schema"]!["$ref"]);
        });
        Assert.True(Operation("/api/offer/{id}", "put")["responses"]!.AsObject().ContainsKey("412"));
        Assert.Contains("If-Match", Operation("/api/offer/{id}", "put")["parameters"]!.AsArray().Select(p => (string)p!["name"]!));
    }

    [Fact]
    public void Result_items_and_batches_have_every_field_the_spec_names()
    {
        Assert.Equal(
            ["id", "offer_id", "batch_id", "name", "role", "company", "industry", "location", "linkedin_bio", "intent", "score", "reasoning",
             "status", "score_breakdown", "created_at", "scored_at"],
            PropertyNames("Lead"));
        Assert.Equal(["queued", "scored", "failed"], Schema("Lead")["properties"]!["status"]!["enum"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(["rule_score", "ai_score", "ai_intent", "scoring_method", "factors"], PropertyNames("ScoreBreakdown"));
        Assert.Equal(["count", "next", "results"], PropertyNames("LeadPage"));
        Assert.Equal(["batch_id", "offer_id", "status_url", "blob"], PropertyNames("UploadAccepted"));
        Assert.Equal(["operation_id", "kind", "status_url", "offer_id", "batch_id", "rescore"], PropertyNames("OperationAccepted"));
        Assert.Equal(
            ["operation_id", "kind", "status", "offer_id", "batch_id", "rescore", "leads_queued", "error", "created_at", "completed_at"],
            PropertyNames("Operation"));
        Assert.Equal(
            ["batch_id", "offer_id", "source", "blob", "status", "rows_total", "rows_accepted", "rows_rejected", "duplicates", "scored", "failed",
             "by_intent", "errors", "created_at", "completed_at", "percent", "rate_per_s", "eta_seconds", "callback"],
            PropertyNames("Batch"));
        Assert.Equal(["count", "scored", "queued", "failed", "histogram", "by_intent"], PropertyNames("LeadSummary"));
        Assert.Equal(["ingesting", "scoring", "completed", "failed"], Schema("Batch")["properties"]!["status"]!["enum"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(["type", "title", "status", "detail", "errors"], PropertyNames("ProblemDetails"));
    }

    private static IEnumerable<KeyValuePair<string, JsonNode?>> Paths() => Document["paths"]!.AsObject();

    private static JsonObject Operation(string path, string method)
    {
        var item = Document["paths"]![path] ?? throw new Xunit.Sdk.XunitException($"The document has no path {path}.");
        return item[method]?.AsObject() ?? throw new Xunit.Sdk.XunitException($"The document has no {method} {path}.");
    }

    private static string? OperationId(string path, string method) => (string?)Document["paths"]![path]?[method]?["operationId"];

    private static Dictionary<string, JsonNode> Parameters(string path, string method) =>
        Operation(path, method)["parameters"]!.AsArray().ToDictionary(p => (string)p!["name"]!, p => p!);

    private static JsonObject Schema(string name) => Document["components"]!["schemas"]![name]!.AsObject();

    private static IEnumerable<string> PropertyNames(string schema) => Schema(schema)["properties"]!.AsObject().Select(p => p.Key);
}
