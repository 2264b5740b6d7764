using System.Globalization;
using System.Text;
namespace LeadFunctions.Tests.Csv;

public class LeadCsvReaderTests
{
    private const string Header = CsvCorpus.Header;

    [Fact]
    public async Task Seed_rows_become_trimmed_lead_fields()
    {
        var outcome = await CsvTestReading.ReadAsync(CsvCorpus.Seed);

        Assert.Equal(
            [
                new LeadFields("Ava Patel", "Head of Growth", "FlowMetrics", "B2B SaaS", "Mumbai", "Scaling growth for SaaS"),
                new LeadFields("John Doe", "CTO", "DataCorp", "Enterprise Software", "Bangalore", "Tech leader, 15 years"),
                new LeadFields("Priya Sharma", "Marketing Manager", "AdVantage", "Marketing Agencies", "Delhi", "Digital marketing expert"),
            ],
            outcome.Accepted.Select(row => row.Lead));
    }

    [Fact]
    public async Task Columns_are_found_by_name_wherever_they_are_and_values_are_trimmed()
    {
        var outcome = await CsvTestReading.ReadAsync(
            "notes,LinkedIn Bio,Location ,industry,COMPANY, Role,Name\n" +
            "skip me,  \"  Quoted bio, with comma \" , Pune\t, SaaS ,Acme ,  CEO,\tAva Patel  \n");

        Assert.Equal(new LeadFields("Ava Patel", "CEO", "Acme", "SaaS", "Pune", "Quoted bio, with comma"), Assert.Single(outcome.Accepted).Lead);
    }

    [Fact]
    public async Task Quoted_values_keep_commas_doubled_quotes_and_line_breaks()
    {
        var outcome = await CsvTestReading.ReadAsync(CsvCorpus.Cases["quoted_commas_quotes_and_newlines"].Bytes);

        var lead = outcome.Accepted[0].Lead!;
        Assert.Equal("Head of Growth, APAC", lead.Role);
        Assert.Equal("Says \"hi\"\r\nand scales, fast", lead.LinkedinBio);
    }

    [Fact]
    public async Task Missing_values_are_blank_and_quotes_inside_unquoted_values_are_kept()
    {
        var outcome = await CsvTestReading.ReadAsync(Header + "\nDwayne \"The Rock\" Johnson,,Seven Bucks\n");

        Assert.Equal(new LeadFields("Dwayne \"The Rock\" Johnson", "", "Seven Bucks", "", "", ""), Assert.Single(outcome.Accepted).Lead);
    }

    [Fact]
    public async Task Missing_columns_are_named_in_the_problem()
    {
        var outcome = await CsvTestReading.ReadAsync("Name,Title,Company,Location\nAva,CEO,Acme,Pune\n");

        var problem = Assert.IsType<CsvFileProblem>(outcome.Problem);
        Assert.Equal(["role", "industry", "linkedin_bio"], problem.MissingColumns);
        Assert.Contains("role, industry, linkedin_bio", problem.Message);
        Assert.Contains("\"Title\"", problem.Message);
    }

    [Fact]
    public async Task Rejection_reasons_name_the_column_and_the_limit()
    {
        var outcome = await CsvTestReading.ReadAsync(CsvCorpus.Cases["field_over_the_limit"].Bytes);

        var reason = outcome.Rejected.Single().Reason!;
        Assert.Contains("linkedin_bio", reason);
        Assert.Contains(LeadCsvLimits.MaxFieldChars.ToString("N0", CultureInfo.InvariantCulture), reason);
        Assert.Contains((LeadCsvLimits.MaxFieldChars + 1).ToString("N0", CultureInfo.InvariantCulture), reason);
    }

    [Fact]
    public async Task A_stray_quote_says_which_lines_it_swallowed()
    {
        var outcome = await CsvTestReading.ReadAsync(CsvCorpus.Cases["quote_never_closed_swallows_to_the_end"].Bytes);

        var rejected = outcome.Rejected.Single();
        Assert.Equal((3, 5), (rejected.Line, rejected.EndLine));
        Assert.Contains("role", rejected.Reason);
        Assert.Contains("from line 3 to line 5 (3 lines)", rejected.Reason);
    }

    [Fact]
    public async Task A_shifted_row_is_rejected_with_the_delimiter_named()
    {
        var outcome = await CsvTestReading.ReadAsync(Header.Replace(',', ';') + "\nAva;CEO;Acme;Inc;SaaS;Pune;bio\n");

        var reason = Assert.Single(outcome.Rejected).Reason!;
        Assert.Contains("7 values", reason);
        Assert.Contains("6 columns", reason);
        Assert.Contains("';'", reason);
    }

    [Fact]
    public async Task A_record_too_long_to_hold_stops_the_read_and_accounts_for_every_line_left()
    {
        var lines = new[] { Header, "Ava,CEO,Acme,SaaS,Pune,bio", "Bob,\"CTO,Beta,SaaS,Delhi,never closed" }
            .Concat(Enumerable.Range(0, 40_000).Select(i => $"Person {i},VP,Company {i},SaaS,Goa,a bio line"));

        var outcome = await CsvTestReading.ReadAsync(LazyAsyncStream.OfLines(lines));

        Assert.Equal(2, outcome.Rows.Count);
        Assert.True(outcome.Rows[0].IsAccepted);
        var rejected = outcome.Rows[1];
        Assert.Equal(CsvRowRejection.RecordTooLong, rejected.Rejection);
        Assert.Equal((3, 40_003), (rejected.Line, rejected.EndLine));
        Assert.Contains("1,048,576 bytes", rejected.Reason);
        Assert.Contains("lines 3 to 40,003", rejected.Reason);
        Assert.Equal(new CsvReadSummary(2, 1, 1), outcome.Summary);
    }

    [Fact]
    public async Task A_single_giant_line_is_rejected_without_being_held_in_memory()
    {
        var giantLine = Enumerable.Repeat("x,", 2_000_000).Prepend("Ava,CEO,Acme,SaaS,Pune,");
        var pieces = new[] { Header + "\n" }.Concat(giantLine).Append("\nBob,CTO,Beta,SaaS,Delhi,bio\n")
            .Select(text => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(text));

        var outcome = await CsvTestReading.ReadAsync(new LazyAsyncStream(pieces));

        var rejected = Assert.Single(outcome.Rows);
        Assert.Equal(CsvRowRejection.RecordTooLong, rejected.Rejection);
        Assert.Equal((2, 3), (rejected.Line, rejected.EndLine));
    }

    [Fact]
    public async Task Every_physical_line_is_a_row_a_blank_line_or_inside_a_multi_line_row()
    {
        var csv = MixedFile(new Random(7), rows: 400);
        var lines = csv.Split('\n');

        var outcome = await CsvTestReading.ReadAsync(csv);

        var covered = outcome.Rows.SelectMany(row => Enumerable.Range(row.Line, row.EndLine - row.Line + 1)).ToList();
        Assert.Equal(covered.Count, covered.Distinct().Count());
        var uncovered = Enumerable.Range(2, lines.Length - 1).Except(covered).ToList();
        Assert.All(uncovered, line => Assert.True(string.IsNullOrWhiteSpace(lines[line - 1]), $"line {line} was dropped"));
        Assert.Contains(outcome.Rows, row => row.Rejection == CsvRowRejection.Malformed && row.EndLine > row.Line);
        Assert.Contains(outcome.Rows, row => row.IsAccepted && row.EndLine > row.Line);
        Assert.Contains(uncovered, line => line < lines.Length);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x6E, 0x00, 0x00, 0xD8, 0x0A })]
    [InlineData(new byte[] { 0xFE, 0xFF, 0x00 })]
    [InlineData(new byte[] { 0xFF, 0xFE, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF })]
    [InlineData(new byte[] { 0xEF, 0xBB, 0xBF, 0xEF, 0xBB, 0xBF, 0x0A, 0x22 })]
    [InlineData(new byte[] { 0x22, 0x0D })]
    public async Task Odd_encodings_and_fragments_give_a_verdict_not_an_exception(byte[] bytes)
    {
        var outcome = await CsvTestReading.ReadAsync(bytes);

        Assert.NotNull(outcome.Problem);
    }

    [Fact]
    public async Task Mutated_files_never_throw_and_every_row_is_accepted_or_explained()
    {
        var seed = Encoding.UTF8.GetBytes(CsvCorpus.Seed + "Zoë,VP,\"Acme, \"\"Inc\"\"\",SaaS,Goa,\"two\nlines\"\n");
        var random = new Random(42);
        byte[] noise = [(byte)'"', (byte)',', (byte)';', (byte)'\n', (byte)'\r', 0x00, 0xFF, 0xC3, (byte)' ', (byte)'\t'];

        for (var round = 0; round < 300; round++)
        {
            var bytes = seed.ToArray();
            for (var flips = random.Next(1, 6); flips > 0; flips--)
            {
                bytes[random.Next(bytes.Length)] = noise[random.Next(noise.Length)];
            }

            var outcome = await CsvTestReading.ReadAsync(bytes, maxRead: random.Next(1, 64));

            Assert.True(outcome.Problem is not null || outcome.Rows.Count > 0);
            Assert.All(outcome.Rows, row => Assert.True(row.IsAccepted ^ row.Reason is not null));
            Assert.All(outcome.Rows, row => Assert.InRange(row.EndLine, row.Line, row.Line + 10));
        }
    }

    [Fact]
    public async Task Rows_can_be_read_once_and_not_at_all_when_the_file_has_a_problem()
    {
        using var good = await LeadCsvReader.OpenAsync(LazyAsyncStream.Of(CsvCorpus.Seed));
        await foreach (var _ in good.ReadRowsAsync())
        {
        }

        using var bad = await LeadCsvReader.OpenAsync(LazyAsyncStream.Of("name\nAva\n"));

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await good.ReadRowsAsync().GetAsyncEnumerator().MoveNextAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await bad.ReadRowsAsync().GetAsyncEnumerator().MoveNextAsync());
    }

    [Fact]
    public async Task Reading_stops_when_cancelled()
    {
        using var cancellation = new CancellationTokenSource();
        using var reader = await LeadCsvReader.OpenAsync(LazyAsyncStream.OfLines(
            new[] { Header }.Concat(Enumerable.Range(0, 100_000).Select(i => $"P{i},CEO,C{i},SaaS,Pune,bio"))));

        var read = 0;
        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var _ in reader.ReadRowsAsync(cancellation.Token))
            {
                if (++read == 10)
                {
                    await cancellation.CancelAsync();
                }
            }
        });
        Assert.Equal(10, read);
    }

    /// <summary>A file of good rows, multi-line bios, blank lines and stray quotes (which swallow what follows them).</summary>
    private static string MixedFile(Random random, int rows)
    {
        var text = new StringBuilder(Header + "\n");
        for (var i = 0; i < rows; i++)
        {
            text.Append(random.Next(6) switch
            {
                0 => "\n",
                1 => $"P{i},CEO,C{i},SaaS,Pune,\"bio line one\nline two, with comma\"\n",
                2 => $"P{i},\"CEO,C{i},SaaS,Pune,bio\n",
                _ => $"P{i},CEO,C{i},SaaS,Pune,bio\n",
            });
        }

        return text.ToString();
    }
}
