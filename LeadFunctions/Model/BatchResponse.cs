namespace LeadFunctions.Model;

/// <summary>A batch as <c>GET /api/batches</c> shows it (SPEC §3).</summary>
public sealed record BatchResponse(
    string BatchId,
    string OfferId,
    string Source,
    string Blob,
    string Status,
    long RowsTotal,
    long RowsAccepted,
    long RowsRejected,
    long Duplicates,
    long Scored,
    long Failed,
    IntentCounts ByIntent,
    IReadOnlyList<BatchRowError> Errors,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt,
    int Percent,
    double? RatePerS,
    long? EtaSeconds);

/// <summary>Serialised with the intents' own capitalisation, as the spec shows: <c>{High, Medium, Low}</c>.</summary>
public sealed record IntentCounts(
    [property: System.Text.Json.Serialization.JsonPropertyName("High")] long High,
    [property: System.Text.Json.Serialization.JsonPropertyName("Medium")] long Medium,
    [property: System.Text.Json.Serialization.JsonPropertyName("Low")] long Low);

public sealed record BatchRowError(long? Row, string Message);
