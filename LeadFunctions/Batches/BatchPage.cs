namespace LeadFunctions.Batches;

/// <summary>One page of batches, newest first: <c>{count, next, results}</c> like the lead results.</summary>
public sealed record BatchPage(long Count, string? Next, IReadOnlyList<BatchResponse> Results);
