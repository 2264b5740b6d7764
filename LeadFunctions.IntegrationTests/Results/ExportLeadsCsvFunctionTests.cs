using System.Globalization;
using System.Net;
using CsvHelper;
using Xunit.Abstractions;

namespace LeadFunctions.IntegrationTests.Results;

/// <summary><c>GET /api/leads/export_csv</c> through the local host: streaming, order, filters and formula-safe cells.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ExportLeadsCsvFunctionTests(ExportLeadsFixture seed, ITestOutputHelper output) : IClassFixture<ExportLeadsFixture>
{
    private const string Header = "Name,Role,Company,Industry,Location,Intent,Score,Reasoning";
    private const string FormulaStarts = LeadFunctions.Results.LeadCsvExportWriter.FormulaCharacters;

    /// <summary>Generous: the export holds one record at a time, so its cost must not grow like the 10,000 rows.</summary>
    private const long MaxManagedGrowthBytes = 256L * 1024 * 1024;

    private static readonly CsvReaderOptions ReadOptions = new() { Separator = ',', HasHeader = true, Mode = CsvMode.Rfc4180, AllowLineBreaksInQuotes = true };

    [Fact]
    public async Task Ten_thousand_leads_stream_in_score_order_without_holding_them()
    {
        output.WriteLine($"Seeding took {seed.SeedTime.TotalSeconds:0.0} s.");
        var expected = seed.BulkLeads.ToDictionary(l => l.Key);
        var rows = new List<(string Name, string Company, int Score)>(ExportLeadsFixture.BulkCount);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        await using (var memory = MemorySampler.Start())
        {
            using var response = await seed.Api.Http.GetAsync($"/api/leads/export_csv?offer_id={seed.BulkOffer}", HttpCompletionOption.ResponseHeadersRead);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Null(response.Content.Headers.ContentLength);
            Assert.True(response.Headers.TransferEncodingChunked, "the export is not sent as it is written");
            await using var body = await response.Content.ReadAsStreamAsync();
            using var csv = CsvReader.Create(body, ReadOptions, leaveOpen: true);
            while (await csv.ReadAsync())
            {
                rows.Add((csv.GetString(0), csv.GetString(2), int.Parse(csv.GetString(6), CultureInfo.InvariantCulture)));
            }

            Assert.Equal(Header.Split(','), csv.Headers);
            await memory.StopAsync();
            output.WriteLine($"Exported {rows.Count} rows in {clock.Elapsed.TotalSeconds:0.0} s; {memory}.");
            Assert.True(memory.PeakManagedGrowthBytes < MaxManagedGrowthBytes, memory.ToString());
        }

        Assert.Equal(ExportLeadsFixture.BulkCount, rows.Count);
        Assert.Equal(expected.Keys.Order(), rows.Select(r => r.Company.ToUpperInvariant()).Order());
        Assert.All(rows, row => Assert.Equal(expected[row.Company.ToUpperInvariant()].ExpectedScore, row.Score));
        for (var i = 1; i < rows.Count; i++)
        {
            var (previous, current) = (rows[i - 1], rows[i]);
            Assert.True(
                previous.Score > current.Score
                || (previous.Score == current.Score && string.CompareOrdinal(previous.Name.ToLowerInvariant(), current.Name.ToLowerInvariant()) <= 0),
                $"row {i} ({current.Score}, {current.Name}) comes after ({previous.Score}, {previous.Name})");
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("offer_id={Bulk}&intent=High")]
    [InlineData("offer_id={Bulk}&min_score=60")]
    [InlineData("intent=medium&min_score=50")]
    [InlineData("batch_id={Plain}")]
    [InlineData("offer_id={Tricky}&batch_id={Tricky}&min_score=20")]
    [InlineData("offer_id={Tricky}")]
    [InlineData("offer_id={Bulk}&batch_id={Plain}")]
    public async Task The_export_holds_exactly_the_results_of_the_same_filters_in_the_same_order(string template)
    {
        var query = template
            .Replace("offer_id={Bulk}", $"offer_id={seed.BulkOffer}", StringComparison.Ordinal)
            .Replace("offer_id={Tricky}", $"offer_id={seed.TrickyOffer}", StringComparison.Ordinal)
            .Replace("batch_id={Tricky}", $"batch_id={seed.TrickyBatch}", StringComparison.Ordinal)
            .Replace("batch_id={Plain}", $"batch_id={seed.PlainBatch}", StringComparison.Ordinal);

        var results = (await seed.Api.WalkAsync(query, 1000)).Items;
        var exported = await ExportAsync(query);

        Assert.Equal(results.Select(ExpectedRow), exported);
        if (template.Length == 0)
        {
            Assert.Equal(ExportLeadsFixture.BulkCount + seed.TrickyLeads.Count + 40, exported.Count);
        }
    }

    [Fact]
    public async Task Formula_cells_are_neutralised_and_quotes_commas_and_line_breaks_round_trip()
    {
        var exported = await ExportAsync($"batch_id={seed.TrickyBatch}");
        var stored = (await seed.Api.WalkAsync($"batch_id={seed.TrickyBatch}", 100)).Items.ToDictionary(i => i.Company);

        Assert.Equal(seed.TrickyLeads.Count, exported.Count);
        foreach (var original in seed.TrickyLeads)
        {
            var lead = stored[Trimmed(original.Company)];
            var row = Assert.Single(exported, r => r[2] == Neutralised(lead.Company));
            string[] texts = [original.Name, original.Role, original.Company, original.Industry, original.Location];

            // What was uploaded comes back cell for cell behind the neutralising apostrophe, except the blanks
            // around a value that the CSV reader trims on the way in (a leading tab or CR cannot survive ingest).
            Assert.Equal(texts.Select(t => Neutralised(Trimmed(t))), row[..5]);
            Assert.Equal([lead.Name, lead.Role, lead.Company, lead.Industry, lead.Location], texts.Select(Trimmed));
        }

        Assert.All(exported.SelectMany(r => r), cell => Assert.False(cell.Length > 0 && FormulaStarts.Contains(cell[0]), $"formula cell: {cell}"));
        Assert.Contains(exported, r => r[0] == "'=HYPERLINK(\"http://evil.example\",\"click\")");
        Assert.Contains(exported, r => r[1] == "'+cmd|' /C calc'!A0");
        Assert.Contains(exported, r => r[2] == "'@SUM(1+1)*cmd|' /C calc'!A0");
        Assert.Contains(exported, r => r[3] == "'-2+3");
        Assert.Contains(exported, r => r[0] == "Ava \"The Boss\" Patel" && r[1] == "Head of Growth, APAC" && r[4] == "Mumbai\nIndia");
        Assert.Contains(exported, r => r[0] == "Line\r\nBreak");
        Assert.DoesNotContain(exported.SelectMany(r => r), cell => cell.Contains("bio", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task The_raw_export_quotes_a_formula_cell_behind_an_apostrophe()
    {
        var text = await seed.Api.Http.GetStringAsync($"/api/leads/export_csv?batch_id={seed.TrickyBatch}");

        Assert.StartsWith(Header + "\r\n", text, StringComparison.Ordinal);
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"", text, StringComparison.Ordinal);
        Assert.DoesNotContain("\r\n=", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",=", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",+", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",@", text, StringComparison.Ordinal);
        Assert.DoesNotContain(",-", text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("intent", "Foo")]
    [InlineData("min_score", "101")]
    [InlineData("min_score", "-1")]
    [InlineData("offer_id", "' or ''='")]
    [InlineData("batch_id", "x' or PartitionKey ne '")]
    public async Task Bad_filters_are_400_problems_not_an_export(string field, string value)
    {
        var response = await seed.Api.Http.GetAsync($"/api/leads/export_csv?{field}={Uri.EscapeDataString(value)}");

        await ProblemAssert.IsValidationAsync(response, field);
    }

    private static string[] ExpectedRow(LeadResponse lead) =>
        [.. new[] { lead.Name, lead.Role, lead.Company, lead.Industry, lead.Location, lead.Intent ?? "" }.Select(Neutralised),
            lead.Score?.ToString(CultureInfo.InvariantCulture) ?? "", Neutralised(lead.Reasoning ?? "")];

    private static string Neutralised(string cell) => cell.Length > 0 && FormulaStarts.Contains(cell[0]) ? "'" + cell : cell;

    private static string Trimmed(string text) => text.Trim(' ', '\t', '\r', '\n');

    private async Task<List<string[]>> ExportAsync(string query)
    {
        using var response = await seed.Api.Http.GetAsync($"/api/leads/export_csv?{query}", HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType!.MediaType);
        Assert.Contains("leads_export.csv", response.Content.Headers.ContentDisposition!.ToString());
        await using var body = await response.Content.ReadAsStreamAsync();
        using var csv = CsvReader.Create(body, ReadOptions, leaveOpen: true);
        var rows = new List<string[]>();
        while (await csv.ReadAsync())
        {
            rows.Add([.. Enumerable.Range(0, csv.FieldCount).Select(csv.GetString)]);
        }

        Assert.Equal(Header.Split(','), csv.Headers);
        return rows;
    }
}
