using System.Runtime.CompilerServices;
using System.Text;
using CsvHelper;
namespace LeadFunctions.Tests.Results;

public class LeadCsvExportWriterTests
{
    [Fact]
    public async Task The_header_is_exactly_the_original_one_even_without_rows()
    {
        var text = await ExportAsync([]);

        Assert.Equal("Name,Role,Company,Industry,Location,Intent,Score,Reasoning\r\n", text);
    }

    [Fact]
    public async Task Unscored_leads_have_empty_intent_score_and_reasoning()
    {
        var text = await ExportAsync([new ExportRow("Ava", "CEO", "Acme", "SaaS", "Pune", null, null, null)]);

        Assert.EndsWith("\r\nAva,CEO,Acme,SaaS,Pune,,,\r\n", text);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example\",\"click\")")]
    [InlineData("+cmd|' /C calc'!A0")]
    [InlineData("@SUM(1)")]
    [InlineData("-2+3")]
    [InlineData("\tleading tab")]
    [InlineData("\rleading carriage return")]
    [InlineData("\uFF1DHYPERLINK(\"http://evil.example\")")]
    [InlineData("\uFF0Bcmd|' /C calc'!A0")]
    [InlineData("\uFF0D2\uFF0B3")]
    [InlineData("\uFF20SUM(1)")]
    public async Task Formula_cells_are_neutralised_in_every_column_and_read_back_as_text(string hostile)
    {
        var text = await ExportAsync([new ExportRow(hostile, hostile, hostile, hostile, hostile, hostile, 87, hostile)]);

        var cells = ReadBack(text).Single();
        Assert.Equal([.. Enumerable.Repeat("'" + hostile, 6), "87", "'" + hostile], cells);
    }

    [Fact]
    public async Task A_byte_order_mark_is_written_only_when_asked_for_and_only_once()
    {
        var rows = new[] { new ExportRow("Zoë Ångström", "CEO", "Ünïcode", "SaaS", "Pune", "High", 90, "r") };

        var plain = await ExportBytesAsync(rows, byteOrderMark: false);
        var marked = await ExportBytesAsync(rows, byteOrderMark: true);

        Assert.False(plain.AsSpan().StartsWith(Encoding.UTF8.Preamble), "a BOM nobody asked for");
        Assert.Equal([.. Encoding.UTF8.Preamble, .. plain], marked);
    }

    [Fact]
    public async Task Quotes_commas_and_line_breaks_round_trip_unchanged()
    {
        var row = new ExportRow("Ava \"The Boss\" Patel", "Head of Growth, APAC", "Flow\r\nMetrics", "B2B SaaS", "Mumbai", "High", 100,
            "[Rule: Decision maker role (+20)] [AI: says \"yes\"\nnext line]");

        var text = await ExportAsync([row]);

        Assert.Contains("\"Ava \"\"The Boss\"\" Patel\",\"Head of Growth, APAC\",\"Flow\r\nMetrics\"", text);
        Assert.Equal([row.Name, row.Role, row.Company, row.Industry, row.Location, "High", "100", row.Reasoning!], ReadBack(text).Single());
    }

    [Fact]
    public async Task A_hyperlink_formula_is_written_quoted_behind_an_apostrophe()
    {
        var text = await ExportAsync([new ExportRow("=HYPERLINK(\"http://x\")", "CEO", "Acme", "SaaS", "Pune", "Low", 10, "r")]);

        Assert.Contains("\r\n\"'=HYPERLINK(\"\"http://x\"\")\",CEO,", text);
    }

    [Fact]
    public async Task Rows_reach_the_stream_while_they_are_still_being_produced_without_synchronous_writes()
    {
        var destination = new AsyncOnlyWriteStream();
        long bytesWhenHalfWay = 0;

        await using (var writer = new LeadCsvExportWriter(destination))
        {
            var written = await writer.WriteAllAsync(Rows(20_000, atRow: 10_000, () => bytesWhenHalfWay = destination.Length));
            Assert.Equal(20_000, written);
        }

        Assert.True(bytesWhenHalfWay > 1_000_000, $"only {bytesWhenHalfWay} bytes were written by row 10,000");
        Assert.Equal(20_001, ReadBack(Encoding.UTF8.GetString(destination.ToArray())).Count + 1);
    }

    private static async IAsyncEnumerable<ExportRow> Rows(int count, int atRow, Action probe, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (i == atRow)
            {
                probe();
            }

            yield return new ExportRow($"Person {i}", "CEO", $"Company {i}", "SaaS", "Pune", "High", 90, new string('r', 150));
            await Task.Yield();
        }
    }

    private static async Task<byte[]> ExportBytesAsync(IEnumerable<ExportRow> rows, bool byteOrderMark)
    {
        using var stream = new MemoryStream();
        await using (var writer = new LeadCsvExportWriter(stream, leaveOpen: true, byteOrderMark))
        {
            foreach (var row in rows)
            {
                await writer.WriteRowAsync(row);
            }
        }

        return stream.ToArray();
    }

    private static async Task<string> ExportAsync(IEnumerable<ExportRow> rows)
    {
        using var text = new StringWriter();
        await using (var writer = new LeadCsvExportWriter(text, leaveOpen: true))
        {
            foreach (var row in rows)
            {
                await writer.WriteRowAsync(row);
            }
        }

        return text.ToString();
    }

    private static List<string[]> ReadBack(string csv)
    {
        using var reader = CsvReader.FromText(csv, new CsvReaderOptions { Separator = ',', HasHeader = true });
        var rows = new List<string[]>();
        while (reader.Read())
        {
            rows.Add(Enumerable.Range(0, reader.FieldCount).Select(reader.GetString).ToArray());
        }

        Assert.Equal(LeadCsvExportWriter.Header, reader.Headers);
        return rows;
    }

    /// <summary>Like an ASP.NET Core response body: synchronous writes and flushes throw.</summary>
    private sealed class AsyncOnlyWriteStream : Stream
    {
        private readonly MemoryStream _written = new();

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => _written.Length;

        public override long Position
        {
            get => _written.Length;
            set => throw new NotSupportedException();
        }

        public byte[] ToArray() => _written.ToArray();

        public override void Write(byte[] buffer, int offset, int count) => throw new InvalidOperationException("Synchronous write.");

        public override void Flush() => throw new InvalidOperationException("Synchronous flush.");

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _written.Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        public override Task FlushAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
