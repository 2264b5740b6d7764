using System.Buffers.Text;
using System.Text;
using System.Text.Json;

namespace LeadFunctions.Leads;

/// <summary>
/// The opaque <c>cursor</c>: the last index key served, and the filters it was served under, base64url-encoded.
/// Keys are global (they end with the lead id, which starts with the offer id), so one key resumes a merge across offers.
/// </summary>
public static class LeadCursor
{
    public static string Encode(string lastIndexKey, LeadFilter filter) =>
        Base64Url.EncodeToString(JsonSerializer.SerializeToUtf8Bytes(new CursorBody(lastIndexKey, filter.Fingerprint)));

    /// <summary>The index key to resume after, or null when the cursor is malformed or belongs to other filters.</summary>
    public static string? Decode(string cursor, LeadFilter filter)
    {
        try
        {
            var body = JsonSerializer.Deserialize<CursorBody>(Base64Url.DecodeFromChars(cursor));
            return body is not null
                && body.F == filter.Fingerprint
                && body.K.StartsWith(Storage.LeadKeys.IndexPrefix, StringComparison.Ordinal)
                && body.K.Length < 1024
                && !body.K.Any(char.IsControl)
                ? body.K
                : null;
        }
        catch (Exception ex) when (ex is FormatException or JsonException or ArgumentException)
        {
            return null;
        }
    }

    private sealed record CursorBody(string K, string F);
}
