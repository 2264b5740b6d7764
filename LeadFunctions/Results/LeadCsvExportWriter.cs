using System.Globalization;
using System.Text;
using CsvHelper;

namespace LeadFunctions.Results;

/// <summary>
/// Writes the results export (docs/api.md#csv-export) row by row to a stream or text writer, without holding the rows: RFC 4180 with
/// CRLF line ends and quotes where needed, header <c>Name,Role,Company,Industry,Location,Intent,Score,Reasoning</c>.
/// </summary>
/// <remarks>
/// Every cell is written as text and neutralised against spreadsheet formulas (OWASP): a cell starting with one of
/// <see cref="FormulaCharacters"/> (<c>= + - @</c>, their full-width forms, which spreadsheets in CJK locales read as the
/// same operators, tab or CR) gets a leading <c>'</c> (and is quoted). That includes Score; it is 0–100, so never hit,
/// and a negative number would be shown as text rather than slip through. I/O happens only in the async calls, so it
/// can write straight to an HTTP response body. Dispose with <see cref="DisposeAsync"/> to flush. Not thread-safe.
/// </remarks>
public sealed class LeadCsvExportWriter : IAsyncDisposable
{
    /// <summary>The export's columns, as the original Django export names them.</summary>
    public static IReadOnlyList<string> Header { get; } = ["Name", "Role", "Company", "Industry", "Location", "Intent", "Score", "Reasoning"];

    /// <summary>First characters that make a spreadsheet run a cell as a formula.</summary>
    public const string FormulaCharacters = AsciiFormulaCharacters + FullWidthFormulaCharacters;

    /// <summary>Guarded by CsvHelper itself, which escapes and quotes such a cell.</summary>
    private const string AsciiFormulaCharacters = "=+-@\t\r";

    /// <summary>＝ ＋ － ＠: CsvHelper takes ASCII injection characters only, so these are guarded here.</summary>
    private const string FullWidthFormulaCharacters = "\uFF1D\uFF0B\uFF0D\uFF20";

    private static readonly CsvWriterOptions Options = new()
    {
        Mode = CsvMode.Rfc4180,
        Separator = ',',
        NewLine = "\r\n",
        Quoting = CsvQuoting.WhenNeeded,
        Injection = CsvInjection.Escape,
        InjectionCharacters = AsciiFormulaCharacters,
        InjectionEscape = '\'',
        ValidateFieldCount = true,
        WriteByteOrderMark = false,
    };

    private readonly CsvWriter _csv;
    private readonly Stream? _byteOrderMarkTarget;
    private bool _headerWritten;

    /// <summary>
    /// Writes UTF-8 to <paramref name="stream"/>: without a BOM by default, so the header is exactly the original's; with
    /// <paramref name="byteOrderMark"/>, behind one, which Excel needs to read non-ASCII text as UTF-8.
    /// </summary>
    public LeadCsvExportWriter(Stream stream, bool leaveOpen = false, bool byteOrderMark = false)
    {
        _csv = CsvWriter.Create(stream, Options, leaveOpen);
        _byteOrderMarkTarget = byteOrderMark ? stream : null;
    }

    public LeadCsvExportWriter(TextWriter writer, bool leaveOpen = false) => _csv = CsvWriter.Create(writer, Options, leaveOpen);

    /// <summary>Data rows written so far (the header not counted).</summary>
    public long RowsWritten { get; private set; }

    /// <summary>Writes one row (and the header before the first one); output is flushed when the buffer is mostly full.</summary>
    public async ValueTask WriteRowAsync(ExportRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        await EnsureHeaderAsync(cancellationToken);
        _csv.WriteField(Guard(row.Name));
        _csv.WriteField(Guard(row.Role));
        _csv.WriteField(Guard(row.Company));
        _csv.WriteField(Guard(row.Industry));
        _csv.WriteField(Guard(row.Location));
        _csv.WriteField(Guard(row.Intent));
        _csv.WriteField(row.Score?.ToString(CultureInfo.InvariantCulture));
        _csv.WriteField(Guard(row.Reasoning));
        await _csv.EndRecordAsync(cancellationToken);
        RowsWritten++;
    }

    /// <summary>Writes the header and every row as it arrives, then flushes. Returns the number of rows written.</summary>
    public async Task<long> WriteAllAsync(IAsyncEnumerable<ExportRow> rows, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(rows);
        await EnsureHeaderAsync(cancellationToken);
        await foreach (var row in rows.WithCancellation(cancellationToken))
        {
            await WriteRowAsync(row, cancellationToken);
        }

        await FlushAsync(cancellationToken);
        return RowsWritten;
    }

    /// <summary>Writes out what is buffered (the header at least, so an export with no rows is still a valid CSV).</summary>
    public async ValueTask FlushAsync(CancellationToken cancellationToken = default)
    {
        await EnsureHeaderAsync(cancellationToken);
        await _csv.FlushAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await EnsureHeaderAsync(CancellationToken.None);
        await _csv.DisposeAsync();
    }

    private static string? Guard(string? cell) =>
        cell is { Length: > 0 } && FullWidthFormulaCharacters.Contains(cell[0], StringComparison.Ordinal) ? "'" + cell : cell;

    private async ValueTask EnsureHeaderAsync(CancellationToken cancellationToken)
    {
        if (_headerWritten)
        {
            return;
        }

        if (_byteOrderMarkTarget is not null)
        {
            // Nothing is flushed before the header, so the mark is the stream's first bytes.
            await _byteOrderMarkTarget.WriteAsync(Encoding.UTF8.Preamble.ToArray(), cancellationToken);
        }

        foreach (var column in Header)
        {
            _csv.WriteField(column);
        }

        await _csv.EndRecordAsync(cancellationToken);
        _headerWritten = true;
    }
}
