namespace LeadFunctions.Operations;

/// <summary>The 202 answer of work done in the background: where to watch it.</summary>
public sealed record OperationAccepted(string OperationId, string Kind, string StatusUrl, string? OfferId, string? BatchId, bool Rescore);
