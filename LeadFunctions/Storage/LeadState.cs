namespace LeadFunctions.Storage;

/// <summary>State changes shared by every path that sends a lead back to scoring (re-upload, rescore, edit).</summary>
public static class LeadState
{
    public static void ResetToQueued(LeadEntity lead)
    {
        lead.Status = LeadStatus.Queued;
        lead.Score = null;
        lead.Intent = null;
        lead.Reasoning = null;
        lead.BreakdownJson = null;
        lead.ScoredAt = null;
    }
}
