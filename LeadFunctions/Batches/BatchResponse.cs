namespace LeadFunctions.Batches;

/// <summary>A batch as <c>GET /api/batches</c> shows it (docs/api.md#batches).</summary>
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
    long? EtaSeconds,
    BatchCallback? Callback = null);

/// <summary>Serialised with the intents' own capitalisation, as docs/api.md#batches shows: <c>{High, Medium, Low}</c>.</summary>
public sealed record IntentCounts(
    [property: System.Text.Json.Serialization.JsonPropertyName("High")] long High,
    [property: System.Text.Json.Serialization.JsonPropertyName("Medium")] long Medium,
    [property: System.Text.Json.Serialization.JsonPropertyName("Low")] long Low);

public sealed record BatchRowError(long? Row, string Message);
