using System.Diagnostics.CodeAnalysis;

namespace LeadFunctions.Csv;

/// <summary>
/// The verdict on a CSV's header, and every byte the inspection took from the stream so the caller can store the
/// body unchanged: upload <see cref="PrependConsumedBytes"/> of the same stream.
/// </summary>
public sealed class CsvHeaderInspection
{
    internal CsvHeaderInspection(ReadOnlyMemory<byte> consumedBytes, char? delimiter, CsvFileProblem? problem)
    {
        ConsumedBytes = consumedBytes;
        Delimiter = problem is null ? delimiter : null;
        Problem = problem;
    }

    /// <summary>The bytes read from the stream, from its first byte (BOM included): the header line and the start of the data.</summary>
    public ReadOnlyMemory<byte> ConsumedBytes { get; }

    /// <summary>The delimiter the header uses (',', ';' or tab); null when <see cref="Problem"/> is set.</summary>
    public char? Delimiter { get; }

    /// <summary>Why the file cannot be imported (a 400 for the upload route); null when the header is fine.</summary>
    public CsvFileProblem? Problem { get; }

    [MemberNotNullWhen(false, nameof(Problem))]
    [MemberNotNullWhen(true, nameof(Delimiter))]
    public bool IsValid => Problem is null;

    /// <summary>
    /// A read-only, forward-only stream of the whole body: <see cref="ConsumedBytes"/> followed by what is left of
    /// <paramref name="rest"/>, which must be the stream that was inspected. Disposing it leaves <paramref name="rest"/> open.
    /// </summary>
    public Stream PrependConsumedBytes(Stream rest)
    {
        ArgumentNullException.ThrowIfNull(rest);
        return new PrefixedReadStream(ConsumedBytes, rest);
    }
}
