using System.Text;
namespace LeadFunctions.Testing;

/// <summary>The outcome of reading one CSV to the end: a file problem, or the rows and summary.</summary>
internal sealed record CsvReadOutcome(CsvFileProblem? Problem, IReadOnlyList<CsvLeadRow> Rows, CsvReadSummary Summary, char? Delimiter)
{
    public IReadOnlyList<CsvLeadRow> Accepted => Rows.Where(row => row.IsAccepted).ToList();

    public IReadOnlyList<CsvLeadRow> Rejected => Rows.Where(row => !row.IsAccepted).ToList();
}

internal static class CsvTestReading
{
    public static Task<CsvReadOutcome> ReadAsync(string csv, int maxRead = int.MaxValue) => ReadAsync(Encoding.UTF8.GetBytes(csv), maxRead);

    public static Task<CsvReadOutcome> ReadAsync(byte[] bytes, int maxRead = int.MaxValue) => ReadAsync(LazyAsyncStream.Of(bytes, maxRead));

    public static async Task<CsvReadOutcome> ReadAsync(Stream stream)
    {
        using var reader = await LeadCsvReader.OpenAsync(stream);
        if (reader.Problem is not null)
        {
            return new CsvReadOutcome(reader.Problem, [], reader.Summary, reader.Delimiter);
        }

        var rows = new List<CsvLeadRow>();
        await foreach (var row in reader.ReadRowsAsync())
        {
            rows.Add(row);
        }

        return new CsvReadOutcome(null, rows, reader.Summary, reader.Delimiter);
    }
}
