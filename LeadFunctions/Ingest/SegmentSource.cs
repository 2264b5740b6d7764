using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
namespace LeadFunctions.Ingest;

/// <summary>
/// Reads a run of a batch's file from a record boundary on: the file's bytes up to its first data record (the header,
/// so the delimiter sniffing and column mapping of <see cref="LeadCsvReader"/> apply as to the whole file) followed by
/// the blob's bytes from <c>start</c> up to <c>end</c>. Every read is conditioned on the batch's blob version: a
/// rewritten blob answers 412 (it is a new batch of its own).
/// </summary>
public sealed class SegmentSource(BlobServiceClient blobs)
{
    public async Task<SegmentReader> OpenAsync(BatchEntity header, long start, long? end, int startLine, CancellationToken ct)
    {
        var blob = Blob(header);
        var conditions = new BlobRequestConditions { IfMatch = new ETag(header.BlobETag!) };
        if (header.WholeFile)
        {
            var whole = await blob.DownloadStreamingAsync(new BlobDownloadOptions { Conditions = conditions }, ct);
            return new SegmentReader(whole.Value.Content, whole.Value.Content, 0);
        }

        var prefix = header.DataStart == 0
            ? BinaryData.Empty
            : (await blob.DownloadContentAsync(new BlobDownloadOptions { Range = new HttpRange(0, header.DataStart), Conditions = conditions }, ct)).Value.Content;
        var rest = await blob.DownloadStreamingAsync(new BlobDownloadOptions
        {
            Range = new HttpRange(start, end is { } e ? e - start : null),
            Conditions = conditions,
        }, ct);
        return new SegmentReader(new PrefixedReadStream(prefix.ToMemory(), rest.Value.Content), rest.Value.Content, startLine - header.DataStartLine);
    }

    public BlobClient Blob(BatchEntity header)
    {
        var slash = header.Blob.IndexOf('/');
        return blobs.GetBlobContainerClient(header.Blob[..slash]).GetBlobClient(header.Blob[(slash + 1)..]);
    }
}

/// <summary>The stream of one segment read, and by how many lines its rows sit further down the file than in that stream.</summary>
public sealed class SegmentReader(Stream stream, Stream download, int lineOffset) : IAsyncDisposable
{
    public Stream Stream => stream;

    public int LineOffset => lineOffset;

    public ValueTask DisposeAsync() => download.DisposeAsync();
}
