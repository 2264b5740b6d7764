namespace LeadFunctions.Results;

/// <summary>A validated page request: filters, page size and where to resume (the last index key of the previous page).</summary>
public sealed record LeadPageRequest(LeadFilter Filter, int PageSize, string? After);
