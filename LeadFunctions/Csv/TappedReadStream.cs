namespace LeadFunctions.Csv;

/// <summary>Receives each run of bytes a <see cref="TappedReadStream"/> passes on.</summary>
internal delegate void BytesRead(ReadOnlySpan<byte> bytes);

/// <summary>A pass-through that shows every byte read to a tap (to keep a copy of a peeked header, or to count lines). It does not dispose the inner stream.</summary>
internal sealed class TappedReadStream(Stream inner, BytesRead tap) : ForwardOnlyReadStream
{
    public override int Read(Span<byte> buffer)
    {
        var read = inner.Read(buffer);
        tap(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        var read = await inner.ReadAsync(buffer, cancellationToken);
        tap(buffer.Span[..read]);
        return read;
    }
}
