using CsvHelper;

namespace LeadFunctions.Csv;

/// <summary>The CsvHelper set-up and the byte- and text-level checks shared by header analysis and row reading.</summary>
internal static class CsvParsing
{
    /// <summary>Delimiters a header may use, in order of preference when several fit equally well.</summary>
    public static IReadOnlyList<char> Delimiters { get; } = [',', ';', '\t'];

    private static readonly Dictionary<char, CsvReaderOptions> OptionsByDelimiter = Delimiters.ToDictionary(d => d, CreateOptions);

    /// <summary>
    /// RFC 4180 with line breaks allowed in quoted values; blanks around values (and before an opening quote) are
    /// trimmed; empty and blank lines are skipped; line numbers are tracked for row numbers; and a record is bounded by
    /// <see cref="LeadCsvLimits.MaxRecordBytes"/>. Malformed quoting is recovered by CsvHelper and judged here, per
    /// value, with <see cref="IsMalformedQuotedValue"/>.
    /// </summary>
    public static CsvReaderOptions Options(char delimiter) => OptionsByDelimiter[delimiter];

    private static CsvReaderOptions CreateOptions(char delimiter) => new()
    {
        Separator = delimiter,
        HasHeader = true,
        Mode = CsvMode.Rfc4180,
        AllowLineBreaksInQuotes = true,
        SkipEmptyLines = true,
        TrimWhitespace = true,
        WhitespaceCharacters = delimiter == '\t' ? " " : " \t",
        MaxRecordSize = LeadCsvLimits.MaxRecordBytes,
        TrackLineNumbers = true,
        IncludeValuesInExceptions = false,
        MalformedData = CsvMalformedDataHandling.Recover,
        FieldCountMismatch = CsvFieldCountHandling.Allow,
        MissingField = CsvMissingFieldHandling.ReturnEmpty,
        DetectSeparatorHint = false,
    };

    /// <summary>How the header is decoded for inspection, as CsvHelper decodes the stream: a BOM (UTF-8, UTF-16, UTF-32)
    /// wins, otherwise UTF-8. Invalid bytes become U+FFFD, which <see cref="ContainsNonText"/> then reports.</summary>
    public static StreamReader CreateTextReader(Stream stream, int bufferSize) =>
        new(stream, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: false),
            detectEncodingFromByteOrderMarks: true, bufferSize, leaveOpen: true);

    /// <summary>True when <paramref name="text"/> holds a character that does not belong in CSV text:
    /// U+FFFD (the decoder's mark for invalid bytes) or a C0 control character other than tab, CR and LF.</summary>
    public static bool ContainsNonText(ReadOnlySpan<char> text, out char offending)
    {
        foreach (var c in text)
        {
            if (c == '\uFFFD' || (c < ' ' && c is not '\t' and not '\r' and not '\n'))
            {
                offending = c;
                return true;
            }
        }

        offending = default;
        return false;
    }

    /// <summary>
    /// True when a value, as it appears in the file, starts with a quote but is not one well-formed quoted value:
    /// the quote is never closed, text follows the closing quote, or an inner quote is not doubled. Such a value
    /// usually means a stray quote swallowed delimiters or whole lines. A quote inside an unquoted value
    /// (<c>Dwayne "The Rock" Johnson</c>) is unambiguous and kept as written.
    /// </summary>
    public static bool IsMalformedQuotedValue(ReadOnlySpan<byte> raw)
    {
        raw = raw.Trim(" \t"u8);
        if (raw.IsEmpty || raw[0] != (byte)'"')
        {
            return false;
        }

        if (raw.Length < 2 || raw[^1] != (byte)'"')
        {
            return true;
        }

        var inner = raw[1..^1];
        while (inner.IndexOf((byte)'"') is var quote and >= 0)
        {
            if (quote + 1 >= inner.Length || inner[quote + 1] != (byte)'"')
            {
                return true;
            }

            inner = inner[(quote + 2)..];
        }

        return false;
    }
}
