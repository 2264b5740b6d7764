using System.Net;
using System.Text.Json.Nodes;
namespace LeadFunctions.IntegrationTests.Ingest;

/// <summary>
/// docs/api.md#csv-input through the real pipeline: every corpus file uploaded (and some dropped into the container) ends as a batch
/// whose counters add up and whose rejected rows carry their line and reason — or, when the file as a whole can't be
/// read, as a 400 naming the problem at upload and a failed batch that says why when dropped.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CsvCorpusPipelineTests(CsvCorpusPipelineFixture corpus) : IClassFixture<CsvCorpusPipelineFixture>
{
    public static TheoryData<string> UploadedCases => CsvCorpus.Names;

    public static TheoryData<string> DroppedCases => new(CsvCorpusPipelineFixture.DroppedCases);

    /// <summary>Lead fields exactly as the file wrote them: (corpus file, lead name, field, value).</summary>
    public static TheoryData<string, string, string, string> FieldsAsWritten => new()
    {
        { "seed", "John Doe", "linkedin_bio", "Tech leader, 15 years" },
        { "header_in_other_case_and_spacing_with_bom", "Ava Patel", "linkedin_bio", "Scaling growth" },
        { "extra_columns_in_any_order", "Ava", "company", "Acme" },
        { "extra_columns_in_any_order", "Ava", "linkedin_bio", "Bio" },
        { "quoted_commas_quotes_and_newlines", "Ava Patel", "role", "Head of Growth, APAC" },
        { "quoted_commas_quotes_and_newlines", "Ava Patel", "linkedin_bio", "Says \"hi\"\r\nand scales, fast" },
        { "semicolon_separated", "Ava", "company", "Acme; Inc" },
        { "semicolon_separated", "Ava", "linkedin_bio", "bio, with comma" },
        { "tab_separated", "Ava", "company", "Acme, Inc" },
        { "valid_non_ascii_text", "Zoë Ødegaard", "linkedin_bio", "日本のSaaS 🚀" },
        { "no_name_and_no_company", "Ava", "company", "" },
    };

    [Theory]
    [MemberData(nameof(UploadedCases))]
    public async Task An_uploaded_corpus_file_becomes_the_expected_batch_or_a_400(string name)
    {
        var expected = CsvCorpus.Cases[name];
        var run = await corpus.UploadedAsync(name);

        if (expected.Problem is not null)
        {
            Assert.Equal(HttpStatusCode.BadRequest, run.UploadStatus);
            Assert.Equal("application/problem+json", run.ContentType);
            var problem = await FileProblemAsync(expected);
            Assert.Equal(problem.Message, run.Body!["errors"]!["file"]![0]!.GetValue<string>());
            if (expected.MissingColumns is { } missing)
            {
                Assert.Equal(missing, run.Body["errors"]!["missing_columns"]!.AsArray().Select(c => c!.GetValue<string>()));
            }

            Assert.Empty(await corpus.Api.ListBatchesAsync(run.OfferId));
            return;
        }

        AssertBatch(expected, run, "http");
    }

    [Theory]
    [MemberData(nameof(DroppedCases))]
    public async Task A_dropped_corpus_file_becomes_the_expected_batch_or_a_failed_one_that_says_why(string name)
    {
        var expected = CsvCorpus.Cases[name];
        var run = await corpus.DroppedAsync(name);

        if (expected.Problem is not null)
        {
            var batch = run.Batch!;
            Assert.Equal("failed", batch["status"]!.GetValue<string>());
            Assert.Equal("blob", batch["source"]!.GetValue<string>());
            Assert.Equal(0, batch["rows_total"]!.GetValue<long>());
            Assert.Equal(0, batch["rows_accepted"]!.GetValue<long>());
            var error = Assert.Single(batch["errors"]!.AsArray())!;
            Assert.Null(error["row"]);
            Assert.Equal((await FileProblemAsync(expected)).Message, error["message"]!.GetValue<string>());
            foreach (var column in expected.MissingColumns ?? [])
            {
                Assert.Contains(column, error["message"]!.GetValue<string>());
            }

            Assert.NotNull(batch["completed_at"]);
            Assert.Empty(run.Leads);
            return;
        }

        AssertBatch(expected, run, "blob");
        Assert.EndsWith($"/{run.OfferId}/{name}.csv", run.Batch!["blob"]!.GetValue<string>());
    }

    [Theory]
    [MemberData(nameof(FieldsAsWritten))]
    public async Task Lead_fields_arrive_exactly_as_the_file_wrote_them(string file, string leadName, string field, string value)
    {
        var run = await corpus.UploadedAsync(file);

        var lead = Assert.Single(run.Leads, l => l["name"]!.GetValue<string>() == leadName);
        Assert.Equal(value, lead[field]!.GetValue<string>());
    }

    [Fact]
    public async Task An_unbalanced_quote_rejects_its_row_and_names_every_line_it_swallowed()
    {
        var run = await corpus.UploadedAsync("quote_never_closed_swallows_to_the_end");

        var error = Assert.Single(run.Batch!["errors"]!.AsArray())!;
        Assert.Equal(3, error["row"]!.GetValue<long>());
        Assert.Contains("line 3 to line 5", error["message"]!.GetValue<string>());
        Assert.Equal(["Ava"], run.Leads.Select(l => l["name"]!.GetValue<string>()));
    }

    [Fact]
    public async Task Within_a_file_the_first_occurrence_of_a_lead_is_the_lead()
    {
        var run = await corpus.UploadedAsync("duplicates_inside_the_file");

        Assert.Equal(
            [("DataCorp", "CEO", "Pune"), ("FlowMetrics", "Head of Growth", "Mumbai")],
            run.Leads.Select(l => (l["company"]!.GetValue<string>(), l["role"]!.GetValue<string>(), l["location"]!.GetValue<string>())).Order());
    }

    [Fact]
    public async Task The_seed_example_is_scored_by_rules_with_the_spec_numbers()
    {
        var run = await corpus.UploadedAsync("seed");

        // Rules only: score = 2 × rule score. Head of (+20), exact B2B SaaS (+20), complete (+10) → 100;
        // CTO (+20), unrelated industry, complete (+10) → 60; manager (+10), unrelated, complete (+10) → 40.
        Assert.Equal(
            [("Ava Patel", 100, "High"), ("John Doe", 60, "Medium"), ("Priya Sharma", 40, "Medium")],
            run.Leads.Select(l => (l["name"]!.GetValue<string>(), l["score"]!.GetValue<int>(), l["intent"]!.GetValue<string>())));
        var byIntent = run.Batch!["by_intent"]!;
        Assert.Equal((1L, 2L, 0L), (byIntent["High"]!.GetValue<long>(), byIntent["Medium"]!.GetValue<long>(), byIntent["Low"]!.GetValue<long>()));
    }

    private static void AssertBatch(CsvCase expected, CorpusRun run, string source)
    {
        var batch = run.Batch!;
        var rejected = expected.Rows!.Where(r => r.Rejection is not null).ToList();
        var accepted = expected.Rows!.Length - rejected.Count - expected.Duplicates;

        Assert.Equal("completed", batch["status"]!.GetValue<string>());
        Assert.Equal(source, batch["source"]!.GetValue<string>());
        Assert.Equal(run.OfferId, batch["offer_id"]!.GetValue<string>());
        var counters = (Total: Count(batch, "rows_total"), Accepted: Count(batch, "rows_accepted"), Rejected: Count(batch, "rows_rejected"), Duplicates: Count(batch, "duplicates"));
        Assert.Equal((expected.Rows.Length, accepted, rejected.Count, expected.Duplicates), counters);
        Assert.Equal(counters.Total, counters.Accepted + counters.Rejected + counters.Duplicates);
        Assert.Equal((accepted, 0L), (Count(batch, "scored"), Count(batch, "failed")));

        var errors = batch["errors"]!.AsArray().Select(e => (Row: e!["row"]!.GetValue<long>(), Message: e["message"]!.GetValue<string>())).ToList();
        Assert.Equal(rejected.Select(r => (long)r.Line), errors.Select(e => e.Row));
        foreach (var (row, error) in rejected.Zip(errors))
        {
            Assert.Contains(ReasonWords(row.Rejection!.Value), error.Message);
        }

        Assert.Equal(accepted, run.Leads.Count);
        Assert.All(run.Leads, l => Assert.Equal("scored", l["status"]!.GetValue<string>()));
        Assert.All(run.Leads, l => Assert.Equal(batch["batch_id"]!.GetValue<string>(), l["batch_id"]!.GetValue<string>()));
    }

    private static long Count(JsonNode batch, string counter) => batch[counter]!.GetValue<long>();

    /// <summary>Words each rejection's reason must contain, so the uploader learns what to fix.</summary>
    private static string ReasonWords(CsvRowRejection rejection) => rejection switch
    {
        CsvRowRejection.Malformed => "unbalanced quote",
        CsvRowRejection.InvalidText => "Column",
        CsvRowRejection.TooManyValues => "values but the header has",
        CsvRowRejection.FieldTooLong => "over the field limit",
        CsvRowRejection.NoNameOrCompany => "neither a name nor a company",
        CsvRowRejection.TooBigToStore => "once stored",
        _ => "longer than",
    };

    private static async Task<CsvFileProblem> FileProblemAsync(CsvCase expected) =>
        (await CsvTestReading.ReadAsync(expected.Bytes)).Problem ?? throw new InvalidOperationException("The case has no file problem.");
}
