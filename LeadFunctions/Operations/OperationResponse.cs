namespace LeadFunctions.Operations;

/// <summary><c>GET /api/operations/{id}</c>: whole-scope work running in the background.</summary>
public sealed record OperationResponse(
    string OperationId,
    string Kind,
    string Status,
    string? OfferId,
    string? BatchId,
    bool Rescore,
    long LeadsQueued,
    string? Error,
    DateTimeOffset CreatedAt,
    DateTimeOffset? CompletedAt);
