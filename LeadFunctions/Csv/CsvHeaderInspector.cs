namespace LeadFunctions.Csv;

/// <summary>
/// Checks a CSV's header from the start of a stream (an upload body) before anything is stored, reading little more
/// than the header line. <see cref="LeadCsvReader.OpenAsync"/> starts with the same inspection, so both reach the same
/// verdict; only a header-only body is told apart here just when it ends within the bytes read.
/// </summary>
public static class CsvHeaderInspector
{
    /// <summary>Small reads, so the inspection consumes the header and at most a few KB past it.</summary>
    private const int ReadBufferBytes = 4096;

    /// <summary>
    /// Reads up to the end of the header line (at most <see cref="LeadCsvLimits.MaxHeaderChars"/> characters plus one
    /// read buffer), and a little further only when nothing but blank lines follows, to tell a header-only body.
    /// Every byte taken is in <see cref="CsvHeaderInspection.ConsumedBytes"/>. Bad input never throws; only I/O
    /// failures and cancellation propagate.
    /// </summary>
    public static async Task<CsvHeaderInspection> InspectAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var consumed = new MemoryStream();
        var tapped = new TappedReadStream(stream, bytes => consumed.Write(bytes));
        using var text = CsvParsing.CreateTextReader(tapped, ReadBufferBytes);
        var header = await HeaderLineReader.ReadAsync(text, LeadCsvLimits.MaxHeaderChars, cancellationToken);
        var (layout, problem) = CsvHeaderAnalyzer.Analyze(header);
        if (layout is not null && !await HasDataAsync(text, header, cancellationToken))
        {
            problem = CsvHeaderAnalyzer.NoDataRows;
        }

        return new CsvHeaderInspection(consumed.ToArray(), layout?.Delimiter, problem);
    }

    /// <summary>False only when the text provably ends with nothing but blank rows after the header.</summary>
    private static async Task<bool> HasDataAsync(TextReader text, HeaderLine header, CancellationToken cancellationToken)
    {
        if (!IsBlankData(header.Leftover))
        {
            return true;
        }

        var endOfText = header.EndOfText;
        var chunk = new char[ReadBufferBytes];
        for (var seen = header.Leftover.Length; !endOfText && seen < LeadCsvLimits.MaxHeaderChars;)
        {
            var read = await text.ReadAsync(chunk.AsMemory(), cancellationToken);
            if (!IsBlankData(chunk.AsSpan(0, read)))
            {
                return true;
            }

            endOfText = read == 0;
            seen += read;
        }

        return !endOfText;
    }

    /// <summary>Text that can only make blank rows, which the reader skips: whitespace, delimiters and quotes.</summary>
    private static bool IsBlankData(ReadOnlySpan<char> text)
    {
        foreach (var c in text)
        {
            if (!char.IsWhiteSpace(c) && c is not ',' and not ';' and not '"')
            {
                return false;
            }
        }

        return true;
    }
}
