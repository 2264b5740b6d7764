using System.Globalization;
using CsvHelper;

namespace LeadFunctions.Csv;

/// <summary>Turns a header line into a <see cref="CsvHeaderLayout"/>, or into the <see cref="CsvFileProblem"/> that stops the import.</summary>
internal static class CsvHeaderAnalyzer
{
    private const int MaxColumnsListed = 20;
    private const int MaxNameChars = 40;

    private static readonly string RequiredList = string.Join(", ", LeadCsvColumns.Required);

    public static CsvFileProblem NoDataRows { get; } = CsvFileProblem.Of(CsvFileProblemKind.NoDataRows, "The file has a header but no data rows.");

    public static (CsvHeaderLayout? Layout, CsvFileProblem? Problem) Analyze(HeaderLine header)
    {
        if (header.Text.Length == 0)
        {
            return (null, CsvFileProblem.Of(CsvFileProblemKind.Empty, "The file is empty: it has no header line and no rows."));
        }

        if (header.Text.StartsWith("PK\u0003\u0004", StringComparison.Ordinal))
        {
            return (null, CsvFileProblem.Of(CsvFileProblemKind.NotText,
                "The file is a ZIP archive (an Excel .xlsx workbook?), not CSV text. Save or export it as \"CSV UTF-8\" and upload that."));
        }

        if (CsvParsing.ContainsNonText(header.Text, out _))
        {
            return (null, CsvFileProblem.Of(CsvFileProblemKind.NotText,
                "The file is not CSV text: its first line holds binary data or bytes that are not valid UTF-8. Save it as \"CSV UTF-8\" and upload that."));
        }

        if (header.TooLong)
        {
            return (null, CsvFileProblem.Of(CsvFileProblemKind.HeaderTooLong, string.Create(CultureInfo.InvariantCulture,
                $"The first line is longer than {LeadCsvLimits.MaxHeaderChars:N0} characters, so it is not a CSV header. The header must be one line naming the columns {RequiredList}.")));
        }

        var best = CsvParsing.Delimiters.Select(delimiter => ParseCells(header.Text, delimiter))
            .MaxBy(candidate => candidate.Cells.Select(LeadCsvColumns.NormalizeHeaderName).Intersect(LeadCsvColumns.Required).Count())!;
        if (best.Malformed)
        {
            return (null, CsvFileProblem.Of(CsvFileProblemKind.MalformedHeader,
                "The header line is not valid CSV: a quoted column name has an unbalanced quote."));
        }

        return Match(best.Delimiter, best.Cells);
    }

    /// <summary>Maps header cells (as CsvHelper or the sniffing parse read them) to the required columns.</summary>
    public static (CsvHeaderLayout? Layout, CsvFileProblem? Problem) Match(char delimiter, IReadOnlyList<string> cells)
    {
        var normalized = cells.Select(LeadCsvColumns.NormalizeHeaderName).ToList();
        var indexes = new List<int>();
        var missing = new List<string>();
        var repeated = new List<string>();
        foreach (var column in LeadCsvColumns.Required)
        {
            var index = normalized.IndexOf(column);
            if (index < 0)
            {
                missing.Add(column);
            }
            else if (normalized.LastIndexOf(column) != index)
            {
                repeated.Add(column);
            }

            indexes.Add(index);
        }

        var found = DescribeCells(cells);
        if (missing.Count > 0)
        {
            var message = $"The CSV header is missing the required column{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)}. " +
                $"Found: {found}. Required: {RequiredList} (case, spaces and underscores do not matter).";
            return (null, new CsvFileProblem(CsvFileProblemKind.MissingColumns, message, missing));
        }

        if (repeated.Count > 0)
        {
            return (null, CsvFileProblem.Of(CsvFileProblemKind.DuplicateColumns,
                $"The CSV header names {string.Join(", ", repeated)} more than once, so it is unclear which column holds the data. Found: {found}."));
        }

        return (new CsvHeaderLayout(delimiter, cells, indexes.ToArray()), null);
    }

    /// <summary>Reads the header line as CsvHelper will read it with <paramref name="delimiter"/>.</summary>
    private static (char Delimiter, IReadOnlyList<string> Cells, bool Malformed) ParseCells(string line, char delimiter)
    {
        using var csv = CsvReader.FromText(line, CsvParsing.Options(delimiter) with { HasHeader = false });
        var cells = new List<string>();
        var malformed = false;
        if (csv.Read())
        {
            for (var i = 0; i < csv.FieldCount; i++)
            {
                cells.Add(csv.GetString(i).Trim());
                malformed |= CsvParsing.IsMalformedQuotedValue(csv.GetRawSpan(i));
            }
        }

        return (delimiter, cells, malformed);
    }

    private static string DescribeCells(IReadOnlyList<string> cells)
    {
        var listed = string.Join(", ", cells.Take(MaxColumnsListed).Select(cell => $"\"{Shorten(cell)}\""));
        return cells.Count > MaxColumnsListed
            ? string.Create(CultureInfo.InvariantCulture, $"{listed} and {cells.Count - MaxColumnsListed:N0} more")
            : listed;
    }

    /// <summary>Header text is untrusted: it is quoted back to the user, so keep it short.</summary>
    internal static string Shorten(string text) => text.Length <= MaxNameChars ? text : string.Concat(text.AsSpan(0, MaxNameChars), "…");
}
