using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
namespace LeadFunctions.Leads;

/// <summary>
/// Who a lead is (docs/api.md#csv-input): its name and company, each trimmed, inner whitespace collapsed and compared without case.
/// Unicode is compared in compatibility-composed form (NFKC), so a decomposed <c>é</c>, a no-break space or
/// full-width letters do not make a second lead. Scope it to an offer yourself (e.g. PartitionKey = offer id).
/// </summary>
public static class LeadIdentity
{
    private const int HashBytes = 16;

    /// <summary>The form one part is compared in: NFKC, whitespace runs collapsed to one space, trimmed, upper-cased (invariant).</summary>
    public static string Normalize(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return string.Empty;
        }

        // ASCII is already in NFKC; skipping the ICU call keeps a million-row file quick.
        var composed = Ascii.IsValid(value) ? value : ReplaceLoneSurrogates(value).Normalize(NormalizationForm.FormKC);
        var builder = new StringBuilder(composed.Length);
        var pendingSpace = false;
        foreach (var c in composed)
        {
            if (char.IsWhiteSpace(c))
            {
                pendingSpace = builder.Length > 0;
                continue;
            }

            if (pendingSpace)
            {
                builder.Append(' ');
                pendingSpace = false;
            }

            builder.Append(c);
        }

        return builder.ToString().ToUpperInvariant();
    }

    /// <summary>The first 128 bits of SHA-256 of the normalised (name, company): equal for the same lead, and small enough to keep a million in memory.</summary>
    public static UInt128 Hash(string? name, string? company)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        HashKey(name, company, hash);
        return BinaryPrimitives.ReadUInt128BigEndian(hash);
    }

    public static UInt128 Hash(LeadFields lead) => Hash(lead.Name, lead.Company);

    /// <summary>
    /// A stable id for the lead: 32 lowercase hex characters (the bytes of <see cref="Hash(string?, string?)"/>), so it is
    /// safe as an Azure Table RowKey (no <c>/ \ # ?</c> or control characters) and in a URL.
    /// </summary>
    public static string Id(string? name, string? company)
    {
        Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
        HashKey(name, company, hash);
        return Convert.ToHexStringLower(hash[..HashBytes]);
    }

    public static string Id(LeadFields lead) => Id(lead.Name, lead.Company);

    private static void HashKey(string? name, string? company, Span<byte> hash)
    {
        var normalizedName = Normalize(name);

        // The name's length first, so ("a b", "c") and ("a", "b c") can never give the same key.
        var key = $"{normalizedName.Length}:{normalizedName}|{Normalize(company)}";
        SHA256.HashData(Encoding.UTF8.GetBytes(key), hash);
    }

    /// <summary>Unpaired surrogates (possible in JSON input) would make <see cref="string.Normalize(NormalizationForm)"/> throw.</summary>
    private static string ReplaceLoneSurrogates(string value)
    {
        if (!value.AsSpan().ContainsAnyInRange('\uD800', '\uDFFF'))
        {
            return value;
        }

        var builder = new StringBuilder(value.Length);
        for (var i = 0; i < value.Length; i++)
        {
            if (char.IsSurrogatePair(value, i))
            {
                builder.Append(value, i++, 2);
            }
            else
            {
                builder.Append(char.IsSurrogate(value[i]) ? '\uFFFD' : value[i]);
            }
        }

        return builder.ToString();
    }
}
