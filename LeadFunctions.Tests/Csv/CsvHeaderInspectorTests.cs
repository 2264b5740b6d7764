using System.Text;
namespace LeadFunctions.Tests.Csv;

public class CsvHeaderInspectorTests
{
    [Fact]
    public async Task The_consumed_bytes_plus_the_rest_are_the_whole_body_unchanged()
    {
        var lines = new[] { "\uFEFF" + CsvCorpus.Header.Replace(',', ';') }
            .Concat(Enumerable.Range(0, 5_000).Select(i => $"Person {i};CEO;Company {i};SaaS;Pune;bio {i}"));
        var expected = Encoding.UTF8.GetBytes(string.Join("\r\n", lines) + "\r\n");
        var body = LazyAsyncStream.Of(expected, maxRead: 1000);

        var inspection = await CsvHeaderInspector.InspectAsync(body);
        using var copy = new MemoryStream();
        await using (var whole = inspection.PrependConsumedBytes(body))
        {
            await whole.CopyToAsync(copy);
        }

        Assert.True(inspection.IsValid);
        Assert.Equal(';', inspection.Delimiter);
        Assert.Equal(expected, copy.ToArray());
    }

    [Fact]
    public async Task Only_the_header_and_a_few_kilobytes_are_consumed()
    {
        var body = LazyAsyncStream.OfLines(new[] { CsvCorpus.Header }.Concat(Enumerable.Range(0, 100_000).Select(i => $"P{i},CEO,C{i},SaaS,Pune,bio")));

        var inspection = await CsvHeaderInspector.InspectAsync(body);

        Assert.True(inspection.IsValid);
        Assert.InRange(inspection.ConsumedBytes.Length, CsvCorpus.Header.Length + 1, 16 * 1024);
        Assert.Equal(inspection.ConsumedBytes.Length, body.BytesRead);
    }

    [Fact]
    public async Task A_header_of_a_million_columns_is_refused_after_reading_a_bounded_prefix()
    {
        var body = new LazyAsyncStream(Enumerable.Repeat((ReadOnlyMemory<byte>)"column,"u8.ToArray(), 1_000_000));

        var inspection = await CsvHeaderInspector.InspectAsync(body);

        Assert.Equal(CsvFileProblemKind.HeaderTooLong, inspection.Problem?.Kind);
        Assert.Contains("65,536", inspection.Problem!.Message);
        Assert.InRange(body.BytesRead, LeadCsvLimits.MaxHeaderChars, LeadCsvLimits.MaxHeaderChars + 16 * 1024);
    }

    [Fact]
    public async Task Missing_columns_are_reported_before_any_row_is_read()
    {
        var inspection = await CsvHeaderInspector.InspectAsync(LazyAsyncStream.Of("name,company\nAva,Acme\n"));

        Assert.False(inspection.IsValid);
        Assert.Equal(CsvFileProblemKind.MissingColumns, inspection.Problem.Kind);
        Assert.Equal(["role", "industry", "location", "linkedin_bio"], inspection.Problem.MissingColumns);
        Assert.Null(inspection.Delimiter);
    }

    [Fact]
    public async Task A_zip_file_is_named_as_such()
    {
        var inspection = await CsvHeaderInspector.InspectAsync(LazyAsyncStream.Of(CsvCorpus.Cases["zip_archive"].Bytes));

        Assert.Equal(CsvFileProblemKind.NotText, inspection.Problem?.Kind);
        Assert.Contains("ZIP", inspection.Problem!.Message);
    }
}
