using System.Text.Json;

namespace LeadFunctions.Results;

/// <summary>A lead as <c>results</c> and <c>leads</c> show it (docs/api.md#leads).</summary>
public sealed record LeadResponse(
    string Id,
    string OfferId,
    string BatchId,
    string Name,
    string Role,
    string Company,
    string Industry,
    string Location,
    string LinkedinBio,
    string? Intent,
    int? Score,
    string? Reasoning,
    string Status,
    JsonElement? ScoreBreakdown,
    DateTimeOffset CreatedAt,
    DateTimeOffset? ScoredAt);
