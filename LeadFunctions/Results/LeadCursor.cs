using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text.Json;

namespace LeadFunctions.Results;

/// <summary>
/// The opaque <c>cursor</c>: the last index key served, and the filters it was served under, base64url-encoded behind a
/// checksum. Keys are global (they end with the lead id, which starts with the offer id), so one key resumes a merge across offers.
/// </summary>
/// <remarks>
/// The checksum makes an edited or corrupted cursor a 400 instead of a page that silently starts somewhere else. It is
/// not a secret: a cursor only sets where to resume inside the partitions the request's own filters select, so a
/// hand-made one can show nothing those filters don't already allow.
/// </remarks>
public static class LeadCursor
{
    private const int ChecksumBytes = 12;

    public static string Encode(string lastIndexKey, LeadFilter filter)
    {
        var body = JsonSerializer.SerializeToUtf8Bytes(new CursorBody(lastIndexKey, filter.Fingerprint));
        return Base64Url.EncodeToString([.. Checksum(body), .. body]);
    }

    /// <summary>The index key to resume after, or null when the cursor is malformed, altered or belongs to other filters.</summary>
    public static string? Decode(string cursor, LeadFilter filter)
    {
        try
        {
            var bytes = Base64Url.DecodeFromChars(cursor);

            // Only the exact text Encode gave out: base64 ignores some bits of a last character, so compare canonically.
            if (bytes.Length <= ChecksumBytes || Base64Url.EncodeToString(bytes) != cursor)
            {
                return null;
            }

            var body = bytes.AsSpan(ChecksumBytes);
            if (!Checksum(body).AsSpan().SequenceEqual(bytes.AsSpan(0, ChecksumBytes)))
            {
                return null;
            }

            var decoded = JsonSerializer.Deserialize<CursorBody>(body);
            return decoded is { K: { } key, F: { } fingerprint }
                && fingerprint == filter.Fingerprint
                && key.StartsWith(LeadFunctions.Leads.LeadKeys.IndexPrefix, StringComparison.Ordinal)
                && key.Length < 1024
                && !key.Any(char.IsControl)
                ? key
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    private static byte[] Checksum(ReadOnlySpan<byte> body) => SHA256.HashData(body)[..ChecksumBytes];

    private sealed record CursorBody(string? K, string? F);
}
