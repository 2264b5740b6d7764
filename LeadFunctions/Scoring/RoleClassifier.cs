using System.Collections.Frozen;
namespace LeadFunctions.Scoring;

/// <summary>
/// Classifies a job title by whole-word matching on its normalised words (never substrings: "Headhunter" is not a head).
/// A keyword may be a phrase ("managing director"); its words must appear consecutively in the title.
/// </summary>
/// <remarks>
/// Rules beyond plain keyword matching, all deliberate:
/// <list type="bullet">
/// <item>Abbreviations are expanded in titles and keywords alike: <c>Sr</c>/<c>Snr</c> = senior, <c>Mgr</c> = manager,
/// <c>Cofounder</c> = co founder.</item>
/// <item>An excluded phrase ("product owner", "lead generation") hides its own words from matching, nothing else:
/// "Product Owner" scores 0, "Senior Product Owner" scores as senior, "Product Owner &amp; Founder" as founder.</item>
/// <item>"partner" and "head" are commonly modifiers ("Partner Manager", "Channel Partner Manager", "Head Chef"), so as
/// single-word keywords they count only as the title's rank word: the last word of a title part, i.e. before the end,
/// before punctuation such as a comma or slash, or before a connector such as "of" or "at". So "Partner", "Managing
/// Partner", "Partner, Sales", "Head of Growth", "Department Head" and plain "Head" are decision makers, while a
/// "Partner Manager" is ranked by its own rank word, manager (+10).</item>
/// <item>A title that names someone else's role after "assistant to", "advisor to", "reporting to"… is judged only on
/// the part before it: an "Executive Assistant to the CEO" is not a CEO.</item>
/// <item>The highest level found wins: "Chief of Staff" is a decision maker although "staff" alone is an influencer.</item>
/// </list>
/// </remarks>
public static class RoleClassifier
{
    public static IReadOnlyList<string> DefaultDecisionMakerTitles { get; } =
    [
        "ceo", "cto", "cfo", "coo", "cmo", "cro", "cio", "ciso", "cpo", "cso", "cdo", "chief",
        "founder", "co founder", "owner", "president", "vice president", "vp", "svp", "evp",
        "head", "head of", "director", "managing director", "partner",
    ];

    public static IReadOnlyList<string> DefaultInfluencerTitles { get; } =
    [
        "manager", "lead", "team lead", "team leader", "architect", "senior", "principal", "staff",
    ];

    public static IReadOnlyList<string> DefaultExcludedTitles { get; } =
    [
        "product owner", "process owner", "lead generation", "lead gen", "headhunter", "head hunter",
    ];

    private static readonly FrozenDictionary<string, string[]> Abbreviations = new Dictionary<string, string[]>
    {
        ["sr"] = ["senior"],
        ["snr"] = ["senior"],
        ["mgr"] = ["manager"],
        ["cofounder"] = ["co", "founder"],
    }.ToFrozenDictionary();

    private static readonly FrozenSet<string> RankWordOnly = FrozenSet.ToFrozenSet(["partner", "head"]);

    private static readonly FrozenSet<string> Connectors = FrozenSet.ToFrozenSet(["of", "at", "for", "in", "and", "with", "on", "to"]);

    private static readonly string[][] OnBehalfOf =
        [["assistant", "to"], ["advisor", "to"], ["adviser", "to"], ["secretary", "to"], ["reporting", "to"], ["reports", "to"]];

    private static readonly string[][] DefaultDecisionMakers = Compile(DefaultDecisionMakerTitles);
    private static readonly string[][] DefaultInfluencers = Compile(DefaultInfluencerTitles);
    private static readonly string[][] DefaultExclusions = Compile(DefaultExcludedTitles);

    public static RoleLevel Classify(string? title, OfferRules? rules = null)
    {
        var words = Normalize(title);
        if (words.Count == 0)
        {
            return RoleLevel.None;
        }

        var masked = new bool[words.Count];
        foreach (var exclusion in Keywords(rules?.ExcludedTitles, DefaultExclusions))
        {
            foreach (var start in Occurrences(words, exclusion))
            {
                Array.Fill(masked, true, start, exclusion.Length);
            }
        }

        if (MatchesAny(words, masked, Keywords(rules?.DecisionMakerTitles, DefaultDecisionMakers)))
        {
            return RoleLevel.DecisionMaker;
        }

        return MatchesAny(words, masked, Keywords(rules?.InfluencerTitles, DefaultInfluencers))
            ? RoleLevel.Influencer
            : RoleLevel.None;
    }

    private static string[][] Keywords(IReadOnlyList<string>? overrides, string[][] defaults) =>
        overrides is null ? defaults : Compile(overrides);

    private static string[][] Compile(IEnumerable<string> keywords) =>
        keywords.Select(k => Normalize(k).Select(w => w.Text).ToArray()).Where(k => k.Length > 0).ToArray();

    /// <summary>Title words with abbreviations expanded, cut before an "assistant to …" style reference to another role.</summary>
    private static List<TextWord> Normalize(string? text)
    {
        var words = new List<TextWord>();
        foreach (var word in ScoringText.Tokenize(text))
        {
            if (Abbreviations.TryGetValue(word.Text, out var expansion))
            {
                words.AddRange(expansion.Select((w, i) => new TextWord(w, i == expansion.Length - 1 && word.BreakAfter)));
            }
            else
            {
                words.Add(word);
            }
        }

        foreach (var phrase in OnBehalfOf)
        {
            var cut = Occurrences(words, phrase).DefaultIfEmpty(-1).First();
            if (cut >= 0)
            {
                words.RemoveRange(cut + 1, words.Count - cut - 1);
            }
        }

        return words;
    }

    private static bool MatchesAny(List<TextWord> words, bool[] masked, string[][] keywords) =>
        keywords.Any(keyword => Occurrences(words, keyword).Any(start =>
            !masked.AsSpan(start, keyword.Length).Contains(true)
            && (keyword.Length > 1 || !RankWordOnly.Contains(keyword[0]) || EndsTitlePart(words, start))));

    private static bool EndsTitlePart(List<TextWord> words, int index) =>
        index == words.Count - 1 || words[index].BreakAfter || Connectors.Contains(words[index + 1].Text);

    private static IEnumerable<int> Occurrences(List<TextWord> words, string[] phrase)
    {
        for (var start = 0; start + phrase.Length <= words.Count; start++)
        {
            var match = true;
            for (var i = 0; i < phrase.Length && match; i++)
            {
                match = words[start + i].Text == phrase[i];
            }

            if (match)
            {
                yield return start;
            }
        }
    }
}
