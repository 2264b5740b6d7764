namespace LeadFunctions.Scoring;

/// <summary>How a lead's industry relates to the offer's ideal use cases.</summary>
public enum IndustryMatch
{
    None,
    Adjacent,
    Exact,
}
