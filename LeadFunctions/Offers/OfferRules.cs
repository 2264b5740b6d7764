namespace LeadFunctions.Offers;

/// <summary>
/// Per-offer overrides of the rule layer's defaults. A list that is set replaces the default list; null keeps the default.
/// </summary>
public sealed record OfferRules
{
    /// <summary>
    /// Title words or phrases worth +20, matched on whole words (default: <see cref="Scoring.RoleClassifier.DefaultDecisionMakerTitles"/>:
    /// CEO, CTO, …, chief, founder, owner, president, VP/SVP/EVP, head (of), director, partner). "partner" and "head" count only
    /// as a title's rank word, see <see cref="Scoring.RoleClassifier"/>.
    /// </summary>
    public IReadOnlyList<string>? DecisionMakerTitles { get; init; }

    /// <summary>Title words or phrases worth +10 when no decision-maker keyword matched (default: manager, lead, team lead, architect, senior, principal, staff).</summary>
    public IReadOnlyList<string>? InfluencerTitles { get; init; }

    /// <summary>
    /// Phrases whose words never count for a match (default: "product owner", "process owner", "lead generation", "lead gen",
    /// "headhunter", "head hunter"). An empty list switches exclusions off.
    /// </summary>
    public IReadOnlyList<string>? ExcludedTitles { get; init; }

    /// <summary>Industries scored as adjacent (+10), compared ignoring case, spacing and punctuation, in addition to those sharing a significant word with an ideal use case.</summary>
    public IReadOnlyList<string>? AdjacentIndustries { get; init; }

    /// <summary>Lowest final score labelled High (default 70; 0–100, not below <see cref="MediumThreshold"/>).</summary>
    public int? HighThreshold { get; init; }

    /// <summary>Lowest final score labelled Medium (default 40; 0–100).</summary>
    public int? MediumThreshold { get; init; }
}
