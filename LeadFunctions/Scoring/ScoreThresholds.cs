namespace LeadFunctions.Scoring;

/// <summary>The lowest final scores labelled High and Medium: 70 / 40 unless an offer's rules say otherwise.</summary>
public sealed record ScoreThresholds(int High, int Medium)
{
    public const int DefaultHigh = 70;
    public const int DefaultMedium = 40;

    public static ScoreThresholds Default { get; } = new(DefaultHigh, DefaultMedium);

    /// <summary>The thresholds an offer's rules ask for.</summary>
    /// <exception cref="ArgumentException">A threshold is outside 0–100, or Medium is above High.</exception>
    public static ScoreThresholds From(OfferRules? rules)
    {
        var thresholds = new ScoreThresholds(rules?.HighThreshold ?? DefaultHigh, rules?.MediumThreshold ?? DefaultMedium);
        var error = thresholds.Validate();
        return error is null ? thresholds : throw new ArgumentException(error, nameof(rules));
    }

    /// <summary>Null when valid, else what is wrong (for request validation).</summary>
    public string? Validate() =>
        High is < 0 or > 100 || Medium is < 0 or > 100
            ? "Thresholds must be between 0 and 100."
            : Medium > High
                ? $"The medium threshold ({Medium}) must not be above the high threshold ({High})."
                : null;

    public LeadIntent Label(int score) =>
        score >= High ? LeadIntent.High : score >= Medium ? LeadIntent.Medium : LeadIntent.Low;
}
