using System.Text.Json;
using System.Text.Json.Nodes;
using static LeadFunctions.Docs.Schema;

namespace LeadFunctions.Docs;

/// <summary>
/// Builds the OpenAPI 3.0.3 document of every HTTP route (docs/api.md#routes) in code, so it needs no generator package and its
/// limits come from the same constants the functions enforce.
/// </summary>
public static class OpenApiDocumentBuilder
{
    public const string OpenApiVersion = "3.0.3";

    private const string Json = "application/json";
    private const string HeaderKeyScheme = "functionKeyHeader";
    private const string QueryKeyScheme = "functionKeyQuery";

    private static readonly string[] Intents = ["High", "Medium", "Low"];

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <summary>The document as <c>GET /api/openapi.json</c> serves it.</summary>
    public static string BuildJson(long maxUploadBytes) => Build(maxUploadBytes).ToJsonString(Indented);

    public static JsonObject Build(long maxUploadBytes)
    {
        var paths = new JsonObject();
        foreach (var (route, method, operation) in Operations(maxUploadBytes))
        {
            var path = "/api/" + route;
            if (paths[path] is not JsonObject item)
            {
                item = new JsonObject();
                if (route.Contains("{id}", StringComparison.Ordinal))
                {
                    item["parameters"] = new JsonArray(IdParameter());
                }

                paths[path] = item;
            }

            // Every unsafe method passes the same browser guard (Http/BrowserRequestGuard.cs).
            item[method] = method is "get" ? operation : operation.Problems("403");
            if (operation["security"]!.AsArray().Count > 0)
            {
                // The Functions host refuses a missing or wrong key before the app runs, with an empty body.
                operation.Responds("401", "No valid function key (in Azure; local runs check no keys).");
            }
        }

        return new JsonObject
        {
            ["openapi"] = OpenApiVersion,
            ["info"] = new JsonObject
            {
                ["title"] = "LeadFunctions API",
                ["version"] = "1.0.0",
                ["description"] =
                    "B2B lead scoring on Azure Functions: describe an offer, upload a CSV of leads, read scored results. " +
                    "Every route except health and the API docs needs a function key (header x-functions-key or query code) in Azure; " +
                    "local runs do not check keys. POST, PUT and DELETE from a web page of another origin are refused (403); bodies must declare their documented content type (415 otherwise). " +
                    "Errors are application/problem+json (RFC 9457). A trailing slash is optional on every route.",
            },
            ["servers"] = new JsonArray(new JsonObject { ["url"] = "/" }),
            ["tags"] = new JsonArray(
                Tag("Offers", "The product offers leads are scored against."),
                Tag("Leads", "Upload, score, list, export and edit leads."),
                Tag("Batches", "Progress and outcome of each uploaded CSV."),
                Tag("Operations", "Background work started by a request."),
                Tag("Service", "Health and API documentation.")),
            ["paths"] = paths,
            ["components"] = new JsonObject
            {
                ["schemas"] = Schemas(),
                ["securitySchemes"] = new JsonObject
                {
                    [HeaderKeyScheme] = new JsonObject
                    {
                        ["type"] = "apiKey", ["in"] = "header", ["name"] = "x-functions-key",
                        ["description"] = "Function or host key of the function app.",
                    },
                    [QueryKeyScheme] = new JsonObject
                    {
                        ["type"] = "apiKey", ["in"] = "query", ["name"] = "code",
                        ["description"] = "The same key passed as the code query parameter.",
                    },
                },
            },
        };
    }

    private static IEnumerable<(string Route, string Method, JsonObject Operation)> Operations(long maxUploadBytes)
    {
        // Service
        yield return ("health", "get", Operation("Health", "Service", "Health of the app", "Whether storage is reachable and which AI mode is in use.", secured: false)
            .Responds("200", "Healthy.", JsonBody(Ref("Health")))
            .Responds("503", "Storage is not reachable.", JsonBody(Ref("Health"))));
        yield return ("openapi.json", "get", Operation("OpenApiDocument", "Service", "This OpenAPI document", null, secured: false)
            .Responds("200", "The OpenAPI 3.0.3 document.", JsonBody(new JsonObject { ["type"] = "object" })));
        yield return ("docs", "get", Operation("ApiDocs", "Service", "Browsable API documentation",
                "Swagger UI over this document, served by the app itself; \"Try it out\" calls the app that serves it.", secured: false)
            .Responds("200", "HTML page.", Content("text/html", new JsonObject { ["type"] = "string" })));
        yield return ("docs/{file}", "get", Operation("ApiDocsAsset", "Service", "A file of the API docs page",
                "Swagger UI's script and stylesheet, and the script that starts it.", secured: false)
            .WithParameters(new JsonObject
            {
                ["name"] = "file", ["in"] = "path", ["required"] = true, ["description"] = "One of the page's files.",
                ["schema"] = new JsonObject { ["type"] = "string", ["enum"] = Enum([.. ApiDocsPage.Assets.Keys]) },
            })
            .Responds("200", "The file.", new JsonObject
            {
                ["text/css"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } },
                ["text/javascript"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } },
            })
            .Problems("404"));
        yield return ("dashboard", "get", Operation("Dashboard", "Service", "Dashboard",
                "An HTML page over this API: offers, CSV upload, live batch progress, the score histogram and intents, leads with filters and export. " +
                "The page holds no data; it calls the API from the browser (in Azure with the function key, which it asks for once). ?offer_id=ID opens on that offer.",
                secured: false)
            .WithParameters(Query("offer_id", "The offer to open on.", new JsonObject { ["type"] = "string" }))
            .Responds("200", "HTML page.", Content("text/html", new JsonObject { ["type"] = "string" })));
        yield return ("dashboard/{name}", "get", Operation("DashboardAsset", "Service", "The dashboard's script and style", null, secured: false)
            .WithParameters(new JsonObject
            {
                ["name"] = "name", ["in"] = "path", ["required"] = true,
                ["schema"] = new JsonObject { ["type"] = "string", ["enum"] = Enum("app.js", "app.css") },
            })
            .Responds("200", "The file.", new JsonObject
            {
                ["text/javascript"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } },
                ["text/css"] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string" } },
            })
            .Responds("304", "Not modified (If-None-Match matched the ETag).")
            .Problems("404"));

        // Offers
        var offerBody = RequestBody("OfferInput", $"The offer; at most {OfferLimits.MaxBodyBytes / 1024} KB of JSON.");
        yield return ("offer", "post", Operation("CreateOffer", "Offers", "Create an offer", null)
            .WithBody(offerBody)
            .Responds("201", "Created. Location names the new offer; ETag its version.", JsonBody(Ref("Offer")), EtagHeader())
            .Problems("400", "413", "415"));
        yield return ("offer", "get", Operation("ListOffers", "Offers", "List offers", null)
            .Responds("200", "All offers.", JsonBody(ArrayOf(Ref("Offer")))));
        yield return ("offer/{id}", "get", Operation("GetOffer", "Offers", "Get an offer", null)
            .Responds("200", "The offer; ETag its version.", JsonBody(Ref("Offer")), EtagHeader())
            .Problems("404"));
        yield return ("offer/{id}", "put", Operation("UpdateOffer", "Offers", "Replace an offer",
                "Send If-Match with an ETag from GET to refuse the update when the offer changed since (412).")
            .WithParameters(new JsonObject
            {
                ["name"] = "If-Match", ["in"] = "header", ["required"] = false,
                ["description"] = "ETag of the version being replaced.", ["schema"] = new JsonObject { ["type"] = "string" },
            })
            .WithBody(offerBody.DeepClone())
            .Responds("200", "The updated offer; ETag its new version.", JsonBody(Ref("Offer")), EtagHeader())
            .Problems("400", "404", "412", "413", "415"));
        yield return ("offer/{id}", "delete", Operation("DeleteOffer", "Offers", "Delete an offer",
                "Deletes the offer with its leads, batches and uploaded CSVs, even while a batch of it is being ingested or scored. " +
                "Deleting it again re-runs the cleanup.")
            .Responds("202", "The offer is gone; its data is being removed in the background.", JsonBody(Ref("OperationAccepted")))
            .Responds("204", "Deleted; it had nothing else.")
            .Problems("404"));

        // Leads
        var mb = maxUploadBytes / (1024.0 * 1024.0);
        yield return ("leads/upload", "post", Operation("UploadLeads", "Leads", "Upload a CSV of leads",
                "Columns name, role, company, industry, location, linkedin_bio (header matching ignores case, spaces vs underscores and a BOM; " +
                $"extra columns are ignored). Fields longer than {Csv.LeadCsvLimits.MaxFieldChars} characters reject their row. " +
                $"The upload limit is {maxUploadBytes} bytes ({mb:0.#} MB, setting LeadScoring__MaxUploadBytes). " +
                "The file is stored as a blob and ingested in the background: follow status_url.")
            .WithParameters(new JsonObject
            {
                ["name"] = "offer_id", ["in"] = "query", ["required"] = false,
                ["description"] = "The offer to score against; may be omitted when exactly one offer exists.",
                ["schema"] = new JsonObject { ["type"] = "string" },
            }, new JsonObject
            {
                ["name"] = CallbackUrlPolicy.Field, ["in"] = "query", ["required"] = false,
                ["description"] = OfferSchemas.CallbackUrlRules + " Called when this batch ends, instead of the offer's callback_url.",
                ["schema"] = new JsonObject { ["type"] = "string", ["format"] = "uri", ["maxLength"] = CallbackUrlPolicy.MaxUrlLength },
            })
            .WithBody(new JsonObject
            {
                ["required"] = true,
                ["content"] = new JsonObject
                {
                    ["multipart/form-data"] = new JsonObject
                    {
                        ["schema"] = new JsonObject
                        {
                            ["type"] = "object",
                            ["required"] = new JsonArray("file"),
                            ["properties"] = new JsonObject { ["file"] = new JsonObject { ["type"] = "string", ["format"] = "binary" } },
                        },
                    },
                }.WithRawCsvTypes(),
            })
            .Responds("202", "Accepted; the batch is being ingested.", JsonBody(Ref("UploadAccepted")))
            .Problems("400", "404", "413", "415"));
        yield return ("leads/score", "post", Operation("ScoreLeads", "Leads", "Queue leads for scoring",
                "Queues the unscored leads of the scope (an offer, a batch, or all), or with rescore every lead of it.")
            .WithBody(RequestBody("ScoreRequest", "The scope; every field is optional.", required: false))
            .Responds("202", "Accepted; the leads are queued in the background. Follow status_url.", JsonBody(Ref("OperationAccepted")))
            .Problems("400", "404", "415"));
        yield return ("leads/results", "get", Operation("GetLeadResults", "Leads", "Scored leads, paginated",
                "Ordered by score descending, then name. Follow next until it is null.")
            .WithParameters([.. FilterParameters(), .. PageParameters()])
            .Responds("200", "One page.", JsonBody(Ref("LeadPage")))
            .Problems("400"));
        yield return ("leads/export_csv", "get", Operation("ExportLeadsCsv", "Leads", "Export leads as CSV",
                "Every matching lead, score descending, header Name,Role,Company,Industry,Location,Intent,Score,Reasoning. " +
                "Cells a spreadsheet would run as a formula (first character = + - @, their full-width forms, tab or CR) are neutralised with a leading '. " +
                "UTF-8 without a BOM unless bom=true.")
            .WithParameters([.. FilterParameters(), Query("bom", "Start the file with a UTF-8 byte order mark, so Excel reads non-ASCII names correctly.",
                new JsonObject { ["type"] = "boolean", ["default"] = false })])
            .Responds("200", "CSV attachment leads_export.csv.", Content("text/csv", new JsonObject { ["type"] = "string" }),
                new JsonObject
                {
                    ["Content-Disposition"] = new JsonObject
                    {
                        ["description"] = "attachment; filename=leads_export.csv",
                        ["schema"] = new JsonObject { ["type"] = "string" },
                    },
                })
            .Problems("400"));
        yield return ("leads/summary", "get", Operation("GetLeadSummary", "Leads", "Score histogram and intent breakdown",
                "Counts every lead matching the filters from the stored tallies (exact for the whole offer or batch, never a sample): " +
                "scored leads in ten score buckets (0–9, …, 80–89, 90–100) and by intent, and how many are queued or failed. " +
                "With intent or min_score, queued and failed leads do not match.")
            .WithParameters(FilterParameters())
            .Responds("200", "The summary.", JsonBody(Ref("LeadSummary")))
            .Problems("400"));
        yield return ("leads", "get", Operation("ListLeads", "Leads", "List leads, paginated", "Same filters, order and paging as results.")
            .WithParameters([.. FilterParameters(), .. PageParameters()])
            .Responds("200", "One page.", JsonBody(Ref("LeadPage")))
            .Problems("400"));
        yield return ("leads/{id}", "get", Operation("GetLead", "Leads", "Get a lead", null)
            .Responds("200", "The lead.", JsonBody(Ref("Lead")))
            .Problems("404"));
        yield return ("leads/{id}", "put", Operation("UpdateLead", "Leads", "Edit a lead", "Changes the given fields and queues the lead for scoring again.")
            .WithBody(RequestBody("LeadEdit", "The fields to change."))
            .Responds("200", "The edited lead, queued for scoring.", JsonBody(Ref("Lead")))
            .Problems("400", "404", "413", "415"));
        yield return ("leads/{id}", "delete", Operation("DeleteLead", "Leads", "Delete a lead", null)
            .Responds("204", "Deleted.")
            .Problems("404"));

        // Operations
        yield return ("operations/{id}", "get", Operation("GetOperation", "Operations", "Get an operation",
                "Whole-scope work answered with 202 (rescoring, deleting an offer): its status and how far it got.")
            .Responds("200", "The operation.", JsonBody(Ref("Operation")))
            .Problems("404"));

        // Batches
        yield return ("batches/{id}", "get", Operation("GetBatch", "Batches", "Get a batch", "Counters add up: rows_total = rows_accepted + rows_rejected + duplicates.")
            .Responds("200", "The batch.", JsonBody(Ref("Batch")))
            .Problems("404"));
        yield return ("batches", "get", Operation("ListBatches", "Batches", "List batches, newest first", "Paged like the lead results: follow next until it is null.")
            .WithParameters([new JsonObject
            {
                ["name"] = "offer_id", ["in"] = "query", ["required"] = false,
                ["description"] = "Only the batches of this offer.", ["schema"] = new JsonObject { ["type"] = "string" },
            }, .. PageParameters()])
            .Responds("200", "One page of batches, newest first.", JsonBody(Ref("BatchPage")))
            .Problems("400"));
    }

    private static JsonObject Operation(string operationId, string tag, string summary, string? description, bool secured = true)
    {
        var operation = new JsonObject
        {
            ["operationId"] = operationId,
            ["tags"] = new JsonArray(tag),
            ["summary"] = summary,
        };
        if (description is not null)
        {
            operation["description"] = description;
        }

        // Either key location works; an empty list marks the anonymous routes explicitly.
        operation["security"] = secured
            ? new JsonArray(new JsonObject { [HeaderKeyScheme] = new JsonArray() }, new JsonObject { [QueryKeyScheme] = new JsonArray() })
            : new JsonArray();
        operation["responses"] = new JsonObject();
        return operation;
    }

    private static JsonObject WithParameters(this JsonObject operation, params JsonObject[] parameters)
    {
        operation["parameters"] = new JsonArray([.. parameters]);
        return operation;
    }

    private static JsonObject WithBody(this JsonObject operation, JsonNode body)
    {
        operation["requestBody"] = body;
        return operation;
    }

    private static JsonObject Responds(this JsonObject operation, string status, string description, JsonObject? content = null, JsonObject? headers = null)
    {
        var response = new JsonObject { ["description"] = description };
        if (headers is not null)
        {
            response["headers"] = headers;
        }

        if (content is not null)
        {
            response["content"] = content;
        }

        operation["responses"]![status] = response;
        return operation;
    }

    /// <summary>Adds the raw CSV body types, as <see cref="UploadRequestReader"/> takes them.</summary>
    private static JsonObject WithRawCsvTypes(this JsonObject content)
    {
        foreach (var type in UploadRequestReader.RawCsvTypes)
        {
            content[type] = new JsonObject { ["schema"] = new JsonObject { ["type"] = "string", ["format"] = "binary" } };
        }

        return content;
    }

    private static JsonObject Problems(this JsonObject operation, params string[] statuses)
    {
        foreach (var status in statuses)
        {
            var description = status switch
            {
                "400" => "Invalid request; errors names each invalid field.",
                "404" => "Not found.",
                "412" => "If-Match does not match the current ETag.",
                "413" => "The body is larger than the limit.",
                "415" => "Unsupported content type.",
                "403" => "A cross-origin request from a web page (an Origin other than the API's own, or Sec-Fetch-Site: cross-site).",
                _ => throw new ArgumentOutOfRangeException(nameof(statuses), status, "No problem description for this status."),
            };
            operation.Responds(status, description, Content(Http.Problems.ContentType, Ref("ProblemDetails")));
        }

        return operation;
    }

    private static JsonObject IdParameter() => new()
    {
        ["name"] = "id", ["in"] = "path", ["required"] = true, ["schema"] = new JsonObject { ["type"] = "string" },
    };

    private static JsonObject[] FilterParameters() =>
    [
        Query("offer_id", "Only leads of this offer.", new JsonObject { ["type"] = "string" }),
        Query("batch_id", "Only leads of this batch.", new JsonObject { ["type"] = "string" }),
        Query("intent", "Only leads with this intent.", new JsonObject { ["type"] = "string", ["enum"] = Enum(Intents) }),
        Query("min_score", "Only leads scoring at least this.", new JsonObject { ["type"] = "integer", ["minimum"] = 0, ["maximum"] = 100 }),
    ];

    private static JsonObject[] PageParameters() =>
    [
        Query("page_size", "Leads per page.", new JsonObject
        {
            ["type"] = "integer", ["minimum"] = 1, ["maximum"] = LeadQueryParser.MaxPageSize, ["default"] = LeadQueryParser.DefaultPageSize,
        }),
        Query("cursor", "Opaque cursor from a previous page's next; only valid with the same filters.", new JsonObject { ["type"] = "string" }),
    ];

    private static JsonObject Query(string name, string description, JsonObject schema) => new()
    {
        ["name"] = name, ["in"] = "query", ["required"] = false, ["description"] = description, ["schema"] = schema,
    };

    private static JsonObject RequestBody(string schema, string description, bool required = true) => new()
    {
        ["description"] = description,
        ["required"] = required,
        ["content"] = JsonBody(Ref(schema)),
    };

    private static JsonObject EtagHeader() => new()
    {
        ["ETag"] = new JsonObject { ["description"] = "Version of the offer, for If-Match.", ["schema"] = new JsonObject { ["type"] = "string" } },
    };

    private static JsonObject JsonBody(JsonObject schema) => Content(Json, schema);

    private static JsonObject Content(string mediaType, JsonObject schema) => new() { [mediaType] = new JsonObject { ["schema"] = schema } };

    private static JsonObject Tag(string name, string description) => new() { ["name"] = name, ["description"] = description };

    private static JsonObject Schemas() => new()
    {
        ["OfferRules"] = OfferSchemas.Rules(),
        ["Offer"] = OfferSchemas.Offer(),
        ["OfferInput"] = OfferSchemas.Input(),
        ["ScoreBreakdown"] = LeadSchemas.ScoreBreakdown(Intents),
        ["Lead"] = LeadSchemas.Lead(Intents),
        ["LeadPage"] = LeadSchemas.Page(),
        ["BatchPage"] = BatchSchemas.Page(),
        ["LeadSummary"] = SummarySchemas.Summary(),
        ["LeadEdit"] = LeadSchemas.Edit(Csv.LeadCsvLimits.MaxFieldChars),
        ["ScoreRequest"] = LeadSchemas.ScoreRequest(),
        ["OperationAccepted"] = LeadSchemas.OperationAccepted(),
        ["Operation"] = LeadSchemas.Operation(),
        ["UploadAccepted"] = LeadSchemas.UploadAccepted(),
        ["Batch"] = BatchSchemas.Batch(),
        ["BatchCallback"] = BatchSchemas.Callback(),
        ["Health"] = ServiceSchemas.Health(),
        ["ProblemDetails"] = ServiceSchemas.ProblemDetails(),
    };
}
