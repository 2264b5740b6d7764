using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;

namespace LeadFunctions.Batches;

/// <summary>
/// The opaque <c>cursor</c> of <c>GET /api/batches</c>: the last list key served and the offer filter it was served
/// under, behind a checksum, so an edited cursor is a 400 rather than a page that starts somewhere else.
/// </summary>
public static class BatchCursor
{
    private const int ChecksumBytes = 12;

    public static string Encode(string listKey, string? offerId)
    {
        var body = Encoding.UTF8.GetBytes($"{offerId}|{listKey}");
        return Base64Url.EncodeToString([.. Checksum(body), .. body]);
    }

    /// <summary>The list key to resume after, or null when the cursor is malformed, altered or belongs to another offer filter.</summary>
    public static string? Decode(string cursor, string? offerId)
    {
        try
        {
            var bytes = Base64Url.DecodeFromChars(cursor);
            if (bytes.Length <= ChecksumBytes || Base64Url.EncodeToString(bytes) != cursor
                || !Checksum(bytes.AsSpan(ChecksumBytes)).AsSpan().SequenceEqual(bytes.AsSpan(0, ChecksumBytes)))
            {
                return null;
            }

            var text = Encoding.UTF8.GetString(bytes.AsSpan(ChecksumBytes));
            var bar = text.IndexOf('|', StringComparison.Ordinal);
            return bar >= 0 && text[..bar] == (offerId ?? "") && Storage.TableKeys.IsValid(text[(bar + 1)..]) ? text[(bar + 1)..] : null;
        }
        catch (FormatException)
        {
            return null;
        }
    }

    private static byte[] Checksum(ReadOnlySpan<byte> body) => SHA256.HashData(body)[..ChecksumBytes];
}
