using System.Text;
namespace LeadFunctions.IntegrationTests.Corpus;

/// <summary>The big hostile bodies, produced piece by piece while they are sent: never held whole, never committed.</summary>
public static class GeneratedBodies
{
    private const int PieceBytes = 64 * 1024;

    /// <summary>One line of <paramref name="bytes"/> letters and no line break: as a first line it is no CSV header.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> SingleLine(long bytes)
    {
        var piece = Encoding.ASCII.GetBytes(new string('x', PieceBytes));
        for (var sent = 0L; sent < bytes; sent += PieceBytes)
        {
            yield return piece.AsMemory(0, (int)Math.Min(PieceBytes, bytes - sent));
        }
    }

    /// <summary>A valid header and lead, then one data line of <paramref name="bytes"/> letters.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> ValidRowThenSingleLine(long bytes) =>
        SingleLine(bytes).Prepend(Encoding.UTF8.GetBytes(new LeadGenerator("Corpus").Csv(1)));

    /// <summary>A header line of <paramref name="columns"/> columns (<c>c0,c1,…</c>) with the six required ones first, then a lead.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> WideHeader(int columns)
    {
        yield return Encoding.ASCII.GetBytes(LeadGenerator.Header);
        var line = new StringBuilder();
        for (var column = 6; column < columns; column++)
        {
            line.Append(",c").Append(column);
            if (line.Length >= PieceBytes)
            {
                yield return Encoding.ASCII.GetBytes(line.ToString());
                line.Clear();
            }
        }

        yield return Encoding.ASCII.GetBytes(line.Append("\nAva Patel,CEO,Acme,B2B SaaS,Pune,bio\n").ToString());
    }

    /// <summary>Valid leads until the body is at least <paramref name="bytes"/> long.</summary>
    public static IEnumerable<ReadOnlyMemory<byte>> LeadsOfAtLeast(long bytes)
    {
        var header = Encoding.UTF8.GetBytes(LeadGenerator.Header + "\n");
        var rows = Encoding.UTF8.GetBytes(LeadGenerator.CsvRows(new LeadGenerator("Corpus").Stream(1000).Select(l => l.Fields)));
        yield return header;
        for (var sent = (long)header.Length; sent < bytes; sent += rows.Length)
        {
            // Repeats are in-file duplicates; what matters here is only the size.
            yield return rows;
        }
    }
}
