namespace LeadFunctions.Scoring;

/// <summary>The scope of <c>POST /api/leads/score</c>: an offer, a batch, or (both null) every offer.</summary>
public sealed record ScoreRequest(string? OfferId, string? BatchId, bool Rescore);
