namespace LeadFunctions.Leads;

/// <summary>
/// What a batch has counted for one of its leads: <c>queued</c>, <c>scored:{intent}</c> or <c>failed</c>.
/// A batch's progress counters are the sum over its markers, kept in step transactionally.
/// </summary>
public static class MarkerStates
{
    public const string Queued = "queued";
    public const string Failed = "failed";

    public static string Scored(string intent) => "scored:" + intent;

    public static string Of(LeadEntity lead) => lead.Status switch
    {
        LeadStatus.Scored => Scored(lead.Intent ?? "Low"),
        LeadStatus.Failed => Failed,
        _ => Queued,
    };

    /// <summary>The progress counters a marker state adds to: none while queued.</summary>
    public static IEnumerable<string> Counters(string? state) => state switch
    {
        null or Queued => [],
        Failed => ["Failed"],
        _ when state.StartsWith("scored:", StringComparison.Ordinal) => ["Scored", state["scored:".Length..]],
        _ => [],
    };
}
