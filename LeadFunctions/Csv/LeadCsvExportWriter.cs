using System.Globalization;
using CsvHelper;

namespace LeadFunctions.Csv;

/// <summary>
/// Writes the results export (SPEC §3) row by row to a stream or text writer, without holding the rows: RFC 4180 with
/// CRLF line ends and quotes where needed, header <c>Name,Role,Company,Industry,Location,Intent,Score,Reasoning</c>.
/// </summary>
/// <remarks>
/// Every cell is written as text and neutralised against spreadsheet formulas (OWASP): a cell starting with
/// <c>= + - @</c>, tab or CR gets a leading <c>'</c> (and is quoted). That includes Score; it is 0–100, so never hit,
/// and a negative number would be shown as text rather than slip through. I/O happens only in the async calls, so it
/// can write straight to an HTTP response body. Dispose with <see cref="DisposeAsync"/> to flush. Not thread-safe.
/// </remarks>
public sealed class LeadCsvExportWriter : IAsyncDisposable
{
    /// <summary>The export's columns, as the original Django export names them.</summary>
    public static IReadOnlyList<string> Header { get; } = ["Name", "Role", "Company", "Industry", "Location", "Intent", "Score", "Reasoning"];

    private static readonly CsvWriterOptions Options = new()
    {
        Mode = CsvMode.Rfc4180,
        Separator = ',',
        NewLine = "\r\n",
        Quoting = CsvQuoting.WhenNeeded,
        Injection = CsvInjection.Escape,
        InjectionCharacters = "=+-@\t\r",
        InjectionEscape = '\'',
        ValidateFieldCount = true,
        WriteByteOrderMark = false,
    };

    private readonly CsvWriter _csv;
    private bool _headerWritten;

    /// <summary>Writes UTF-8 (no BOM, so the header is exactly the original's) to <paramref name="stream"/>.</summary>
    public LeadCsvExportWriter(Stream stream, bool leaveOpen = false) => _csv = CsvWriter.Create(stream, Options, leaveOpen);

    public LeadCsvExportWriter(TextWriter writer, bool leaveOpen = false) => _csv = CsvWriter.Create(writer, Options, leaveOpen);

    /// <summary>Data rows written so far (the header not counted).</summary>
    public long RowsWritten { get; private set; }

    /// <summary>Writes one row (and the header before the first one); output is flushed when the buffer is mostly full.</summary>
    public async ValueTask WriteRowAsync(ExportRow row, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(row);
        await EnsureHeaderAsync(cancellationToken);
        _csv.WriteField(row.Name);
        _csv.WriteField(row.Role);
        _csv.WriteField(row.Company);
        _csv.WriteField(row.Industry);
        _csv.WriteField(row.Location);
        _csv.WriteField(row.Intent);
        _csv.WriteField(row.Score?.ToString(CultureInfo.InvariantCulture));
        _csv.WriteField(row.Reasoning);
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

    private async ValueTask EnsureHeaderAsync(CancellationToken cancellationToken)
    {
        if (_headerWritten)
        {
            return;
        }

        foreach (var column in Header)
        {
            _csv.WriteField(column);
        }

        await _csv.EndRecordAsync(cancellationToken);
        _headerWritten = true;
    }
}
