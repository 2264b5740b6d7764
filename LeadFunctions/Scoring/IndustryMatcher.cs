using System.Collections.Frozen;

namespace LeadFunctions.Scoring;

/// <summary>
/// Compares a lead's industry with an offer's ideal use cases.
/// Exact: equal ignoring case, spacing and punctuation (<c>b2b saas</c> = <c>B2B-SaaS</c> = <c>B2B SaaS</c>).
/// Adjacent: equal to one of the offer's adjacent industries (same comparison), or sharing a significant word with a use
/// case (<c>SaaS</c> and <c>Enterprise SaaS</c> vs <c>B2B SaaS</c>; <c>Agencies</c> vs <c>Marketing agencies</c>).
/// </summary>
/// <remarks>
/// Significant words exclude stop words and words too generic to relate two industries (<c>services</c>, <c>industry</c>,
/// <c>b2b</c>, <c>enterprise</c>…: "IT Services" is not adjacent to "Financial services"). A plural and its singular are
/// the same word (<c>agency</c> = <c>agencies</c>).
/// </remarks>
public static class IndustryMatcher
{
    public static IReadOnlySet<string> IgnoredWords { get; } = FrozenSet.ToFrozenSet(
    [
        // stop words
        "a", "an", "and", "as", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "vs", "via", "with",
        // generic words
        "other", "general", "industry", "industries", "sector", "sectors", "service", "services", "solution", "solutions",
        "company", "companies", "business", "businesses", "firm", "firms", "b2b", "b2c", "d2c", "dtc", "smb", "sme", "enterprise",
    ]);

    public static IndustryMatch Match(string? industry, IReadOnlyList<string> idealUseCases, IReadOnlyList<string>? adjacentIndustries = null)
    {
        var compact = ScoringText.Compact(industry);
        if (compact.Length == 0)
        {
            return IndustryMatch.None;
        }

        if (idealUseCases.Any(useCase => ScoringText.Compact(useCase) == compact))
        {
            return IndustryMatch.Exact;
        }

        if (adjacentIndustries?.Any(adjacent => ScoringText.Compact(adjacent) == compact) == true)
        {
            return IndustryMatch.Adjacent;
        }

        var words = SignificantWords(industry);
        return idealUseCases.Any(useCase => SignificantWords(useCase).Overlaps(words))
            ? IndustryMatch.Adjacent
            : IndustryMatch.None;
    }

    private static HashSet<string> SignificantWords(string? text) =>
        ScoringText.Words(text).Where(w => !IgnoredWords.Contains(w)).Select(Singular).ToHashSet();

    /// <summary>A light plural fold applied to both sides, so it only has to map a plural and its singular to one form.</summary>
    private static string Singular(string word) => word switch
    {
        { Length: > 4 } when word.EndsWith("ies", StringComparison.Ordinal) => word[..^3] + "y",
        { Length: > 3 } when word.EndsWith('s') && !word.EndsWith("ss", StringComparison.Ordinal) => word[..^1],
        _ => word,
    };
}
