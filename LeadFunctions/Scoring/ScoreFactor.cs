namespace LeadFunctions.Scoring;

/// <summary>One rule that earned points, e.g. <c>Decision maker role</c> +20. JSON: <c>{factor, points}</c>.</summary>
public sealed record ScoreFactor(string Factor, int Points)
{
    public override string ToString() => $"{Factor} (+{Points})";
}
