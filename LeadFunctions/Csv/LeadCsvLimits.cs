namespace LeadFunctions.Csv;

/// <summary>Size limits of the lead CSV contract. They keep memory flat whatever a file holds.</summary>
public static class LeadCsvLimits
{
    /// <summary>Longest value, in characters after trimming, that one of the six lead fields may hold; a longer one rejects its row.</summary>
    public const int MaxFieldChars = 4_000;

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
