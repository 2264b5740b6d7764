namespace LeadFunctions.Leads;

/// <summary>Why a row (1-based line number where the record starts; null for the whole batch) was not accepted.</summary>
public sealed record RowError(long? Row, string Message);
