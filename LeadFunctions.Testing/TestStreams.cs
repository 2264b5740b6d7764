using System.Text;

namespace LeadFunctions.Testing;

/// <summary>
/// A read-only stream over bytes produced lazily, in reads of at most <c>maxRead</c> bytes, that refuses synchronous
/// reads the way an ASP.NET Core request body or a blob download should be used: async only.
/// </summary>
internal sealed class LazyAsyncStream(IEnumerable<ReadOnlyMemory<byte>> pieces, int maxRead = int.MaxValue) : Stream
{
    private readonly IEnumerator<ReadOnlyMemory<byte>> _pieces = pieces.GetEnumerator();
    private ReadOnlyMemory<byte> _current = ReadOnlyMemory<byte>.Empty;

    public long BytesRead { get; private set; }

    public static LazyAsyncStream Of(byte[] bytes, int maxRead = int.MaxValue) => new([bytes], maxRead);

    public static LazyAsyncStream Of(string text, int maxRead = int.MaxValue) => Of(Encoding.UTF8.GetBytes(text), maxRead);

    /// <summary>Text lines produced on demand, each ended with <paramref name="newLine"/>, never held all at once.</summary>
    public static LazyAsyncStream OfLines(IEnumerable<string> lines, string newLine = "\n") =>
        new(lines.Select(line => (ReadOnlyMemory<byte>)Encoding.UTF8.GetBytes(line + newLine)));

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => throw new NotSupportedException();
        set => throw new NotSupportedException();
    }

    public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        while (_current.IsEmpty)
        {
            if (!_pieces.MoveNext())
            {
                return ValueTask.FromResult(0);
            }

            _current = _pieces.Current;
        }

        var count = Math.Min(Math.Min(buffer.Length, maxRead), _current.Length);
        _current[..count].CopyTo(buffer);
        _current = _current[count..];
        BytesRead += count;
        return ValueTask.FromResult(count);
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new InvalidOperationException("Synchronous reads are not allowed on this stream.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
