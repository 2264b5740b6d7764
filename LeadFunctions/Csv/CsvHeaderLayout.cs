namespace LeadFunctions.Csv;

/// <summary>Where the required columns sit in a validated header.</summary>
/// <param name="Delimiter">The delimiter the header was read with.</param>
/// <param name="Columns">The header cells as written (trimmed), in file order.</param>
/// <param name="RequiredIndexes">For each of <see cref="LeadCsvColumns.Required"/>, in order, its zero-based column index.</param>
internal sealed record CsvHeaderLayout(char Delimiter, IReadOnlyList<string> Columns, int[] RequiredIndexes)
{
    /// <summary>A column's name for messages: the canonical name of a required column, otherwise the header cell, shortened.</summary>
    public string DescribeColumn(int index)
    {
        var required = Array.IndexOf(RequiredIndexes, index);
        if (required >= 0)
        {
            return LeadCsvColumns.Required[required];
        }

        return index < Columns.Count && Columns[index].Length > 0
            ? CsvHeaderAnalyzer.Shorten(Columns[index])
            : $"#{index + 1}";
    }
}
