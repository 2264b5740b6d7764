namespace LeadFunctions.Scoring;

/// <summary>The deterministic rule layer (docs/scoring.md#rule-layer): role +20/+10, industry +20/+10, complete profile +10. Pure, no I/O.</summary>
public static class RuleScorer
{
    public const int MaxPoints = 50;
    public const int DecisionMakerPoints = 20;
    public const int InfluencerPoints = 10;
    public const int ExactIndustryPoints = 20;
    public const int AdjacentIndustryPoints = 10;
    public const int CompleteProfilePoints = 10;

    public const string DecisionMakerFactor = "Decision maker role";
    public const string InfluencerFactor = "Influencer role";
    public const string ExactIndustryFactor = "Exact ICP match";
    public const string AdjacentIndustryFactor = "Adjacent industry";
    public const string CompleteProfileFactor = "Complete profile";

    public static RuleScoreResult Score(LeadFields lead, OfferProfile offer)
    {
        ArgumentNullException.ThrowIfNull(lead);
        ArgumentNullException.ThrowIfNull(offer);

        var factors = new List<ScoreFactor>(3);

        var role = RoleClassifier.Classify(lead.Role, offer.Rules);
        if (role == RoleLevel.DecisionMaker)
        {
            factors.Add(new ScoreFactor(DecisionMakerFactor, DecisionMakerPoints));
        }
        else if (role == RoleLevel.Influencer)
        {
            factors.Add(new ScoreFactor(InfluencerFactor, InfluencerPoints));
        }

        var industry = IndustryMatcher.Match(lead.Industry, offer.IdealUseCases ?? [], offer.Rules?.AdjacentIndustries);
        if (industry == IndustryMatch.Exact)
        {
            factors.Add(new ScoreFactor(ExactIndustryFactor, ExactIndustryPoints));
        }
        else if (industry == IndustryMatch.Adjacent)
        {
            factors.Add(new ScoreFactor(AdjacentIndustryFactor, AdjacentIndustryPoints));
        }

        var complete = IsComplete(lead);
        if (complete)
        {
            factors.Add(new ScoreFactor(CompleteProfileFactor, CompleteProfilePoints));
        }

        return new RuleScoreResult(factors.Sum(f => f.Points), factors, role, industry, complete);
    }

    /// <summary>All six fields hold something other than whitespace.</summary>
    public static bool IsComplete(LeadFields lead) =>
        !string.IsNullOrWhiteSpace(lead.Name)
        && !string.IsNullOrWhiteSpace(lead.Role)
        && !string.IsNullOrWhiteSpace(lead.Company)
        && !string.IsNullOrWhiteSpace(lead.Industry)
        && !string.IsNullOrWhiteSpace(lead.Location)
        && !string.IsNullOrWhiteSpace(lead.LinkedinBio);
}
