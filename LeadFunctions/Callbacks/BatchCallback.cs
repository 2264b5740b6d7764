namespace LeadFunctions.Callbacks;

/// <summary>
/// A batch's end-of-batch call as the batch JSON shows it (never the secret): where it goes, whether it got there, and
/// what the last attempt met. <c>status</c> is <c>pending</c>, <c>delivered</c> or <c>failed</c>.
/// </summary>
public sealed record BatchCallback(
    string Url,
    string Status,
    int Attempts,
    int? LastStatus,
    string? LastError,
    DateTimeOffset? DeliveredAt);
