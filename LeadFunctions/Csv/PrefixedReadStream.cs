namespace LeadFunctions.Csv;

/// <summary>Yields some bytes already read from a source, then the rest of that source (which it does not dispose).</summary>
internal sealed class PrefixedReadStream(ReadOnlyMemory<byte> prefix, Stream rest) : ForwardOnlyReadStream
{
    private int _prefixPosition;

    public override int Read(Span<byte> buffer) => TryReadPrefix(buffer) ?? rest.Read(buffer);

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        TryReadPrefix(buffer.Span) ?? await rest.ReadAsync(buffer, cancellationToken);

    private int? TryReadPrefix(Span<byte> buffer)
    {
        if (_prefixPosition >= prefix.Length || buffer.IsEmpty)
        {
            return null;
        }

        var read = Math.Min(buffer.Length, prefix.Length - _prefixPosition);
        prefix.Span.Slice(_prefixPosition, read).CopyTo(buffer);
        _prefixPosition += read;
        return read;
    }
}
