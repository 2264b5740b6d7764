namespace LeadFunctions.Model;

/// <summary>
/// Per-offer overrides of the rule layer's defaults. A list that is set replaces the default list; null keeps the default.
/// </summary>
public sealed record OfferRules
{
    /// <summary>Title words or phrases worth +20 (default: CEO, CTO, …, founder, owner, president, VP, head of, director, partner).</summary>
    public IReadOnlyList<string>? DecisionMakerTitles { get; init; }

    /// <summary>Title words or phrases worth +10 (default: manager, lead, team lead, architect, senior, principal, staff).</summary>
    public IReadOnlyList<string>? InfluencerTitles { get; init; }

    /// <summary>Phrases that cancel a match (default: "product owner", "lead generation", "headhunter").</summary>
    public IReadOnlyList<string>? ExcludedTitles { get; init; }

    /// <summary>Industries scored as adjacent (+10) besides those sharing a word with an ideal use case.</summary>
    public IReadOnlyList<string>? AdjacentIndustries { get; init; }

    /// <summary>Lowest final score labelled High (default 70).</summary>
    public int? HighThreshold { get; init; }

    /// <summary>Lowest final score labelled Medium (default 40).</summary>
    public int? MediumThreshold { get; init; }
}
