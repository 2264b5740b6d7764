using System.Globalization;
using System.Runtime.CompilerServices;
using CsvHelper;

namespace LeadFunctions.Csv;

/// <summary>
/// Streams leads out of a CSV file (docs/api.md#csv-input) with CsvHelper, holding one record at a time.
/// </summary>
/// <remarks>
/// <para>Open with <see cref="OpenAsync"/>. If <see cref="Problem"/> is set the file cannot be imported at all (empty,
/// not text, missing columns, header only...). Otherwise enumerate <see cref="ReadRowsAsync"/> once: every non-blank
/// record yields exactly one <see cref="CsvLeadRow"/>, accepted or rejected, so <c>rows_total = accepted + rejected</c>
/// at this level, and <c>= rows_accepted + rows_rejected + duplicates</c> once the caller runs the accepted rows
/// through a <see cref="LeadDuplicateDetector"/>.</para>
/// <para>Row numbers are the physical line where each record starts, header = line 1 (see <see cref="CsvLeadRow"/>).</para>
/// <para>The stream is read forward only, decoded as UTF-8 unless it starts with a BOM, and never disposed. Not thread-safe.</para>
/// </remarks>
public sealed class LeadCsvReader : IDisposable
{
    private readonly CsvReader? _csv;
    private readonly Stream? _source;
    private readonly LineCounter? _lines;
    private readonly CsvHeaderLayout? _layout;
    private readonly List<string> _values = [];
    private CsvLeadRow? _first;
    private bool _started;
    private bool _finished;
    private int _accepted;
    private int _rejected;
    private int _lineOffset;

    private LeadCsvReader(CsvFileProblem problem) => Problem = problem;

    private LeadCsvReader(CsvReader csv, Stream source, LineCounter lines, CsvHeaderLayout layout)
    {
        _csv = csv;
        _source = source;
        _lines = lines;
        _layout = layout;
    }

    /// <summary>Why the file cannot be imported at all; null when rows can be read.</summary>
    public CsvFileProblem? Problem { get; private set; }

    /// <summary>The delimiter the header was read with (',', ';' or tab); null when <see cref="Problem"/> is set.</summary>
    public char? Delimiter => Problem is null ? _layout?.Delimiter : null;

    /// <summary>Where the first data record starts: its byte offset in the stream (a BOM included; UTF-8 input only) and its line.</summary>
    internal (long Offset, int Line) FirstRecord { get; private set; }

    /// <summary>The byte offset in the stream where the row last yielded starts (UTF-8 input only).</summary>
    internal long CurrentRecordOffset => _csv?.ByteOffset ?? 0;

    /// <summary>Counts so far; final once <see cref="ReadRowsAsync"/> has been enumerated to the end.</summary>
    public CsvReadSummary Summary => new(_accepted + _rejected, _accepted, _rejected);

    /// <summary>
    /// Inspects the header (as <see cref="CsvHeaderInspector"/> does), maps the required columns and looks ahead to the
    /// first row, so that a header-only file is reported as <see cref="CsvFileProblemKind.NoDataRows"/>. Bad input
    /// never throws: it sets <see cref="Problem"/>. Only I/O failures of the stream and cancellation propagate.
    /// </summary>
    public static Task<LeadCsvReader> OpenAsync(Stream stream, CancellationToken cancellationToken = default) =>
        OpenAsync(stream, lineOffset: 0, cancellationToken);

    /// <summary>
    /// As <see cref="OpenAsync(Stream, CancellationToken)"/> for a piece of a file: <paramref name="stream"/> is the file's
    /// bytes up to its first data record followed by a run of whole records from further on, whose rows are numbered
    /// <paramref name="lineOffset"/> lines later than they sit in that stream, i.e. by their line in the file.
    /// </summary>
    internal static async Task<LeadCsvReader> OpenAsync(Stream stream, int lineOffset, CancellationToken cancellationToken)
    {
        var inspection = await CsvHeaderInspector.InspectAsync(stream, cancellationToken);
        if (!inspection.IsValid)
        {
            return new LeadCsvReader(inspection.Problem);
        }

        var lines = new LineCounter();
        var source = new TappedReadStream(inspection.PrependConsumedBytes(stream), lines.Add);
        var delimiter = inspection.Delimiter.Value;
        var csv = CsvReader.Create(source, CsvParsing.Options(delimiter), leaveOpen: true);
        try
        {
            await csv.ReadHeaderAsync(cancellationToken);
            var (layout, problem) = CsvHeaderAnalyzer.Match(delimiter, csv.Headers);
            if (layout is null)
            {
                csv.Dispose();
                return new LeadCsvReader(problem!);
            }

            var reader = new LeadCsvReader(csv, source, lines, layout) { _lineOffset = lineOffset };
            reader._first = await reader.ReadNextAsync(cancellationToken);
            reader.Problem = reader._first is null ? CsvHeaderAnalyzer.NoDataRows : null;
            if (reader._first is not null)
            {
                reader.FirstRecord = (csv.ByteOffset, reader._first.Line - lineOffset);
            }

            return reader;
        }
        catch
        {
            csv.Dispose();
            throw;
        }
    }

    /// <summary>Yields every non-blank record in file order, accepted or rejected. Enumerate once.</summary>
    /// <exception cref="InvalidOperationException">The file has a <see cref="Problem"/>, or its rows were already read.</exception>
    public async IAsyncEnumerable<CsvLeadRow> ReadRowsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (Problem is not null)
        {
            throw new InvalidOperationException($"The CSV cannot be read: {Problem.Message}");
        }

        if (_started)
        {
            throw new InvalidOperationException("The rows of a CSV can be read only once.");
        }

        _started = true;
        for (var row = _first; row is not null; row = await ReadNextAsync(cancellationToken))
        {
            yield return row;
        }
    }

    /// <summary>Releases CsvHelper's buffers; the stream stays open (no I/O happens here).</summary>
    public void Dispose() => _csv?.Dispose();

    private async Task<CsvLeadRow?> ReadNextAsync(CancellationToken cancellationToken)
    {
        var csv = _csv!;
        while (!_finished)
        {
            cancellationToken.ThrowIfCancellationRequested();
            bool hasRecord;
            try
            {
                hasRecord = await csv.ReadAsync(cancellationToken);
            }
            catch (CsvFormatException tooLong)
            {
                // With malformed quoting recovered and any field count allowed, the only CsvFormatException left is
                // a record over MaxRecordSize. CsvHelper cannot go on after it, so the rest of the file is this row.
                return Count(await RejectRestAsync(tooLong, cancellationToken));
            }

            if (!hasRecord)
            {
                _finished = true;
                return null;
            }

            var row = ClassifyCurrentRecord();
            if (row is not null)
            {
                return Count(row);
            }
        }

        return null;
    }

    private CsvLeadRow? ClassifyCurrentRecord()
    {
        var csv = _csv!;
        var line = ToLine(csv.LineNumber);
        var raw = csv.RawRecord;

        // A raw record ends with a line break only when a quote left open ran to the end of the file, whose final
        // line break is then no further line.
        var endsWithLineBreak = !raw.IsEmpty && raw[^1] is (byte)'\r' or (byte)'\n';
        var endLine = line + LineCounter.Count(raw) - (endsWithLineBreak ? 1 : 0);

        _values.Clear();
        var malformedIndex = -1;
        for (var i = 0; i < csv.FieldCount; i++)
        {
            _values.Add(csv.GetString(i));
            if (malformedIndex < 0 && CsvParsing.IsMalformedQuotedValue(csv.GetRawSpan(i)))
            {
                malformedIndex = i;
            }
        }

        return LeadRowClassifier.Classify(_values, malformedIndex, _layout!, line, Math.Max(line, endLine));
    }

    private async Task<CsvLeadRow> RejectRestAsync(CsvFormatException tooLong, CancellationToken cancellationToken)
    {
        _finished = true;
        var buffer = new byte[64 * 1024];
        while (await _source!.ReadAsync(buffer, cancellationToken) > 0)
        {
            // Only the tap's line count is wanted.
        }

        var start = ToLine(tooLong.LineNumber);
        var end = Math.Max(start, _lines!.LastLine + _lineOffset);
        return CsvLeadRow.Rejected(start, end, CsvRowRejection.RecordTooLong, string.Create(CultureInfo.InvariantCulture,
            $"The row is longer than {LeadCsvLimits.MaxRecordBytes:N0} bytes (is a quote never closed?), so reading stopped here: " +
            $"lines {start:N0} to {end:N0}, the end of the file, were not imported."));
    }

    private CsvLeadRow Count(CsvLeadRow row)
    {
        if (row.IsAccepted)
        {
            _accepted++;
        }
        else
        {
            _rejected++;
        }

        return row;
    }

    private int ToLine(long lineNumber) => (int)Math.Clamp(lineNumber + _lineOffset, 1, int.MaxValue);
}
