using System.Globalization;
namespace LeadFunctions.Csv;

/// <summary>Decides, from a record's parsed values, whether it is a blank line, an accepted lead or a rejected row (and why).</summary>
internal static class LeadRowClassifier
{
    /// <param name="values">The record's values as parsed, in file order (may be fewer or more than the header's columns).</param>
    /// <param name="malformedIndex">Index of the first malformed quoted value, or -1.</param>
    /// <returns>The row, or null for a blank record (every value blank), which is skipped.</returns>
    public static CsvLeadRow? Classify(IReadOnlyList<string> values, int malformedIndex, CsvHeaderLayout layout, int line, int endLine)
    {
        if (malformedIndex >= 0)
        {
            return CsvLeadRow.Rejected(line, endLine, CsvRowRejection.Malformed,
                $"Malformed CSV: the quoted value in column {layout.DescribeColumn(malformedIndex)} has an unbalanced quote or text after its closing quote " +
                $"(a quote inside a quoted value must be doubled: \"\").{SpanNote(line, endLine)}");
        }

        if (values.All(string.IsNullOrWhiteSpace))
        {
            return null;
        }

        var fields = layout.RequiredIndexes.Select(index => index < values.Count ? values[index].Trim() : string.Empty).ToArray();
        var rejection = Check(values, fields, layout);
        if (rejection is { } found)
        {
            return CsvLeadRow.Rejected(line, endLine, found.Kind, found.Reason);
        }

        return CsvLeadRow.Accepted(line, endLine, new LeadFields(fields[0], fields[1], fields[2], fields[3], fields[4], fields[5]));
    }

    private static (CsvRowRejection Kind, string Reason)? Check(IReadOnlyList<string> values, string[] fields, CsvHeaderLayout layout)
    {
        for (var i = 0; i < fields.Length; i++)
        {
            if (CsvParsing.ContainsNonText(fields[i], out var offending))
            {
                return (CsvRowRejection.InvalidText, offending == '\uFFFD'
                    ? $"Column {LeadCsvColumns.Required[i]} holds bytes that are not valid UTF-8 text; save the file as \"CSV UTF-8\"."
                    : $"Column {LeadCsvColumns.Required[i]} holds a control character (U+{(int)offending:X4}), which is not text.");
            }
        }

        var extra = values.Skip(layout.Columns.Count).Count(value => !string.IsNullOrWhiteSpace(value));
        if (extra > 0)
        {
            return (CsvRowRejection.TooManyValues, string.Create(CultureInfo.InvariantCulture,
                $"The row has {values.Count} values but the header has {layout.Columns.Count} columns, so the columns may be shifted; " +
                $"a value that contains the delimiter {Describe(layout.Delimiter)} must be enclosed in double quotes."));
        }

        if (LeadCsvLimits.StoreProblem(fields) is { } tooBig)
        {
            return (tooBig.FieldIndex >= 0 ? CsvRowRejection.FieldTooLong : CsvRowRejection.TooBigToStore, tooBig.Reason);
        }

        if (fields[0].Length == 0 && fields[2].Length == 0)
        {
            return (CsvRowRejection.NoNameOrCompany, "The row has neither a name nor a company, so it does not identify a lead.");
        }

        return null;
    }

    /// <summary>Says how many physical lines a record swallowed, so no line disappears without a word.</summary>
    private static string SpanNote(int line, int endLine) => endLine > line
        ? string.Create(CultureInfo.InvariantCulture, $" The record runs from line {line:N0} to line {endLine:N0} ({endLine - line + 1:N0} lines), which were all read as this one row and are rejected with it.")
        : string.Empty;

    private static string Describe(char delimiter) => delimiter switch
    {
        '\t' => "(tab)",
        _ => $"'{delimiter}'",
    };
}
