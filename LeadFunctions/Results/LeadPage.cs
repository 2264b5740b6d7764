namespace LeadFunctions.Results;

/// <summary>One page of leads: <c>{count, next, results}</c>, where <c>next</c> is a full URL or null.</summary>
public sealed record LeadPage(long Count, string? Next, IReadOnlyList<LeadResponse> Results);
