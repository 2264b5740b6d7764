namespace LeadFunctions.Tests.Csv;

public class LeadCsvReaderCorpusTests
{
    [Theory]
    [MemberData(nameof(CsvCorpus.Names), MemberType = typeof(CsvCorpus))]
    public async Task Each_corpus_file_reads_as_expected(string name)
    {
        var expected = CsvCorpus.Cases[name];

        var outcome = await CsvTestReading.ReadAsync(expected.Bytes);

        if (expected.Problem is { } problem)
        {
            Assert.NotNull(outcome.Problem);
            Assert.Equal(problem, outcome.Problem.Kind);
            Assert.False(string.IsNullOrWhiteSpace(outcome.Problem.Message));
            Assert.Equal(expected.MissingColumns ?? [], outcome.Problem.MissingColumns);
            Assert.Null(outcome.Delimiter);
            return;
        }

        Assert.Null(outcome.Problem);
        Assert.Equal(expected.Delimiter, outcome.Delimiter);
        var actual = outcome.Rows.Select(row => new ExpectedRow(row.Line, row.Rejection, row.EndLine)).ToList();
        var wanted = expected.Rows!.Select(row => row with { EndLine = row.EndLine ?? row.Line }).ToList();
        Assert.Equal(wanted, actual);
        Assert.All(outcome.Rejected, row => Assert.False(string.IsNullOrWhiteSpace(row.Reason)));
        Assert.All(outcome.Accepted, row => Assert.Null(row.Reason));

        var detector = new LeadDuplicateDetector();
        var duplicates = outcome.Accepted.Count(row => !detector.TryAdd(row.Lead!));
        Assert.Equal(expected.Duplicates, duplicates);
        Assert.Equal(new CsvReadSummary(outcome.Rows.Count, outcome.Accepted.Count, outcome.Rejected.Count), outcome.Summary);
    }

    [Theory]
    [MemberData(nameof(CsvCorpus.Names), MemberType = typeof(CsvCorpus))]
    public async Task Reads_the_same_when_the_stream_trickles_a_few_bytes_at_a_time(string name)
    {
        var bytes = CsvCorpus.Cases[name].Bytes;

        var whole = await CsvTestReading.ReadAsync(bytes);
        var trickled = await CsvTestReading.ReadAsync(bytes, maxRead: 3);

        Assert.Equal(whole.Problem?.Message, trickled.Problem?.Message);
        Assert.Equal(whole.Rows, trickled.Rows);
    }

    [Theory]
    [MemberData(nameof(CsvCorpus.Names), MemberType = typeof(CsvCorpus))]
    public async Task The_header_inspector_reaches_the_reader_verdict(string name)
    {
        var bytes = CsvCorpus.Cases[name].Bytes;

        var inspection = await CsvHeaderInspector.InspectAsync(LazyAsyncStream.Of(bytes));
        var outcome = await CsvTestReading.ReadAsync(bytes);

        Assert.Equal(outcome.Problem?.Kind, inspection.Problem?.Kind);
        Assert.Equal(outcome.Delimiter, inspection.Delimiter);
    }
}
