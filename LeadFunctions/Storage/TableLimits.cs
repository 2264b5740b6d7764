using System.Text.Json;

namespace LeadFunctions.Storage;

/// <summary>
/// Azure Table Storage's size limits, which Azurite shares: what a value takes once stored, not how many characters
/// were typed. Strings are stored as UTF-16; a transaction travels as JSON in which the table client escapes every
/// non-ASCII character (and <c>&lt; &gt; &amp; ' " +</c>) as a six-byte <c>\uXXXX</c>.
/// </summary>
public static class TableLimits
{
    /// <summary>Longest string property: 64 KiB of UTF-16, i.e. 32,768 UTF-16 code units.</summary>
    public const int MaxStringChars = 32 * 1024;

    /// <summary>Largest entity, all properties and keys together.</summary>
    public const int MaxEntityBytes = 1024 * 1024;

    /// <summary>Largest entity-group transaction payload.</summary>
    public const int MaxTransactionBytes = 4 * 1024 * 1024;

    /// <summary>Bytes <paramref name="value"/> takes as a JSON string in a request body, escapes included (quotes not counted).</summary>
    public static int JsonBytes(string value) => JsonEncodedText.Encode(value).EncodedUtf8Bytes.Length;
}
