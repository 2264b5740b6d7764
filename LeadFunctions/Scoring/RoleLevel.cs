namespace LeadFunctions.Scoring;

/// <summary>How much buying power a lead's title signals.</summary>
public enum RoleLevel
{
    None,
    Influencer,
    DecisionMaker,
}
