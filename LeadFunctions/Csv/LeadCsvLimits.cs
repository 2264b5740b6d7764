using System.Globalization;
namespace LeadFunctions.Csv;

/// <summary>Size limits of the lead CSV contract. They keep memory flat whatever a file holds.</summary>
public static class LeadCsvLimits
{
    /// <summary>Longest value, in characters after trimming, that one of the six lead fields may hold; a longer one rejects its row.</summary>
    public const int MaxFieldChars = 4_000;

    /// <summary>
    /// Most bytes the six fields of one lead may take in a table transaction's JSON (<see cref="TableLimits.JsonBytes"/>):
    /// ingest writes <see cref="LeadPartitionWriter.MaxLeadsPerTransaction"/> leads per transaction, each twice (record
    /// and score index), so 16 × 2 × 96 KiB = 3 MiB stays under the 4 MiB transaction limit with room for the other
    /// properties, markers and counters. Only text that escapes heavily can reach it: 4,000 characters of CJK or
    /// emoji take 24,000 bytes.
    /// </summary>
    public const int MaxStoredLeadBytes = 96 * 1024;

    /// <summary>Why a lead with these fields cannot be stored, or null: a field over <see cref="MaxFieldChars"/>, or all of them over <see cref="MaxStoredLeadBytes"/>.</summary>
    public static (int FieldIndex, string Reason)? StoreProblem(IReadOnlyList<string> fields)
    {
        for (var i = 0; i < fields.Count; i++)
        {
            if (fields[i].Length > MaxFieldChars)
            {
                return (i, string.Create(CultureInfo.InvariantCulture,
                    $"Column {LeadCsvColumns.Required[i]} is {fields[i].Length:N0} characters long, over the field limit of {MaxFieldChars:N0} characters."));
            }
        }

        var stored = fields.Sum(TableLimits.JsonBytes);
        return stored > MaxStoredLeadBytes
            ? (-1, string.Create(CultureInfo.InvariantCulture,
                $"The row takes {stored:N0} bytes once stored (each non-ASCII character is stored as a 6-byte escape), over the limit of {MaxStoredLeadBytes:N0} bytes per lead; shorten its longest fields."))
            : null;
    }

    /// <summary>
    /// Memory bound for one record, in bytes of UTF-8 input: a record still incomplete past this size (typically a
    /// quote that is never closed, or a line of gigabytes) stops the read, and the rest of the file is reported as one
    /// rejected row. Content rules use <see cref="MaxFieldChars"/>; this guards memory only (CsvHelper's
    /// <c>MaxRecordSize</c>, so its buffer never grows past about twice this).
    /// </summary>
    public const int MaxRecordBytes = 1_048_576;

    /// <summary>Longest header line, in characters. Longer first lines (a million columns, binary data) are not a CSV header.</summary>
    public const int MaxHeaderChars = 65_536;
}
