using System.Text;

namespace LeadFunctions.Csv;

/// <summary>
/// Reads the header line in bounded chunks. The header is the first line holding more than spaces and tabs (the
/// lines CsvHelper skips too); it ends at the first CR, LF or CRLF (a header cell may be quoted, but never spans lines).
/// </summary>
internal static class HeaderLineReader
{
    private const int ChunkChars = 4096;

    public static async Task<HeaderLine> ReadAsync(TextReader reader, int maxChars, CancellationToken cancellationToken)
    {
        var chunk = new char[ChunkChars];
        var line = new StringBuilder();
        var lineNumber = 1;
        var skipLineFeed = false;

        while (true)
        {
            var read = await reader.ReadAsync(chunk.AsMemory(), cancellationToken);
            if (read == 0)
            {
                var text = IsBlank(line) ? string.Empty : line.ToString();
                return new HeaderLine(text, lineNumber, string.Empty, EndOfText: true, TooLong: false);
            }

            var position = 0;
            if (skipLineFeed && chunk[0] == '\n')
            {
                position = 1;
            }

            skipLineFeed = false;
            while (position < read)
            {
                var span = chunk.AsSpan(position, read - position);
                var terminator = span.IndexOfAny('\r', '\n');
                var length = terminator < 0 ? span.Length : terminator;
                if (line.Length + length > maxChars)
                {
                    line.Append(span[..(maxChars - line.Length)]);
                    return new HeaderLine(line.ToString(), lineNumber, string.Empty, EndOfText: false, TooLong: true);
                }

                line.Append(span[..length]);
                if (terminator < 0)
                {
                    break;
                }

                position += terminator + 1;
                if (span[terminator] == '\r')
                {
                    if (position < read)
                    {
                        position += chunk[position] == '\n' ? 1 : 0;
                    }
                    else
                    {
                        skipLineFeed = true;
                    }
                }

                if (IsBlank(line))
                {
                    line.Clear();
                    lineNumber++;
                    continue;
                }

                return await CompleteAsync(reader, line.ToString(), lineNumber, new string(chunk, position, read - position), skipLineFeed, chunk, cancellationToken);
            }
        }
    }

    /// <summary>A CR at the very end of a chunk may be half of a CRLF: read on once so the data never starts with that LF.</summary>
    private static async Task<HeaderLine> CompleteAsync(
        TextReader reader, string header, int lineNumber, string leftover, bool skipLineFeed, char[] chunk, CancellationToken cancellationToken)
    {
        if (!skipLineFeed)
        {
            return new HeaderLine(header, lineNumber, leftover, EndOfText: false, TooLong: false);
        }

        var read = await reader.ReadAsync(chunk.AsMemory(), cancellationToken);
        var start = read > 0 && chunk[0] == '\n' ? 1 : 0;
        return new HeaderLine(header, lineNumber, new string(chunk, start, Math.Max(read - start, 0)), EndOfText: read == 0, TooLong: false);
    }

    /// <summary>Empty, or only spaces and tabs: such lines before the header are skipped.</summary>
    private static bool IsBlank(StringBuilder line)
    {
        foreach (var part in line.GetChunks())
        {
            if (part.Span.ContainsAnyExcept(" \t"))
            {
                return false;
            }
        }

        return true;
    }
}
