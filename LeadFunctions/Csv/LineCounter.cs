namespace LeadFunctions.Csv;

/// <summary>
/// Counts line breaks (CR, LF and CRLF each once) in UTF-8 bytes seen in pieces, so a CRLF split across two pieces
/// counts once. Exact for UTF-8 (and ASCII); approximate for the rare UTF-16/32 file, whose line breaks are wider.
/// </summary>
internal sealed class LineCounter
{
    private bool _previousWasCarriageReturn;

    public long LineBreaks { get; private set; }

    /// <summary>True when the last byte seen is a CR or LF, i.e. the bytes so far end with a complete line.</summary>
    public bool EndsWithLineBreak { get; private set; }

    /// <summary>The 1-based line that holds the last byte seen (a final line break ends its line, it does not start one).</summary>
    public int LastLine => (int)Math.Min(int.MaxValue, 1 + LineBreaks - (EndsWithLineBreak ? 1 : 0));

    public static int Count(ReadOnlySpan<byte> bytes)
    {
        var counter = new LineCounter();
        counter.Add(bytes);
        return (int)counter.LineBreaks;
    }

    public void Add(ReadOnlySpan<byte> bytes)
    {
        if (bytes.IsEmpty)
        {
            return;
        }

        EndsWithLineBreak = bytes[^1] is (byte)'\r' or (byte)'\n';
        var rest = bytes;
        while (rest.IndexOfAny((byte)'\r', (byte)'\n') is var index and >= 0)
        {
            // Only the first byte can follow a CR of the previous piece; a later LF would have been found with its CR.
            var secondHalfOfCrLf = index == 0 && rest[0] == (byte)'\n' && _previousWasCarriageReturn;
            if (!secondHalfOfCrLf)
            {
                LineBreaks++;
            }

            _previousWasCarriageReturn = rest[index] == (byte)'\r';
            rest = rest[(index + 1)..];
            if (rest.IsEmpty)
            {
                return;
            }
        }

        _previousWasCarriageReturn = false;
    }
}
