namespace LeadFunctions.Leads;

/// <summary>The lead lifecycle states of the API (<c>status</c>).</summary>
public static class LeadStatus
{
    public const string Queued = "queued";
    public const string Scored = "scored";
    public const string Failed = "failed";
}
