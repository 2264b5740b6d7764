using System.Security.Cryptography;
using System.Text;

namespace LeadFunctions.Callbacks;

/// <summary>The callback headers and the signature a receiver checks (README, "Batch callbacks").</summary>
public static class CallbackSignature
{
    public const string SignatureHeader = "X-LeadFunctions-Signature";
    public const string DeliveryHeader = "X-LeadFunctions-Delivery";
    public const string EventHeader = "X-LeadFunctions-Event";
    private const string Prefix = "sha256=";

    /// <summary><c>sha256=</c> and the lowercase hex HMAC-SHA256 of the raw body, keyed by the secret's UTF-8 bytes.</summary>
    public static string Sign(string secret, ReadOnlySpan<byte> body) =>
        Prefix + Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body));

    /// <summary>What a receiver does: recompute and compare in constant time.</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header) =>
        header is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, body)), Encoding.ASCII.GetBytes(header));

    /// <summary>The idempotency id: the same for every attempt at reporting one batch's end.</summary>
    public static string DeliveryId(string batchId, string batchEvent) => $"{batchId}.{batchEvent}";

    /// <summary><c>batch.completed</c> or <c>batch.failed</c>.</summary>
    public static string EventName(string batchStatus) => $"batch.{batchStatus}";
}
