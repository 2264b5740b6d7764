namespace LeadFunctions.Model;

/// <summary>The answer of <c>POST /api/leads/score</c>: the scope and how many leads were queued.</summary>
public sealed record ScoreRequestResult(string? OfferId, string? BatchId, bool Rescore, long Queued);
