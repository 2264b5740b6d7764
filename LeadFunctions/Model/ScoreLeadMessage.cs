namespace LeadFunctions.Model;

/// <summary>The scoring queue's message: one per accepted lead. Processing it twice must be harmless.</summary>
public sealed record ScoreLeadMessage(string OfferId, string LeadId, string BatchId);
