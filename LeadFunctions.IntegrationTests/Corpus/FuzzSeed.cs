using System.Globalization;

namespace LeadFunctions.IntegrationTests.Corpus;

/// <summary>
/// The fuzz run's seed: <c>LEADFUNCTIONS_FUZZ_SEED</c> when set (CI sets and prints one per run; set it to replay a
/// failure), else a new one per test process. Every failure message carries it.
/// </summary>
public static class FuzzSeed
{
    public const string Variable = "LEADFUNCTIONS_FUZZ_SEED";

    public static int Value { get; } = int.TryParse(Environment.GetEnvironmentVariable(Variable), NumberStyles.Integer, CultureInfo.InvariantCulture, out var seed)
        ? seed
        : Random.Shared.Next();

    public static string Replay => $"{Variable}={Value.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A generator of its own per route, so one route's cases do not depend on how many another drew.</summary>
    public static Random For(string route) => new(HashCode.Combine(Value, StableHash(route)));

    private static int StableHash(string text)
    {
        var hash = 17;
        foreach (var c in text)
        {
            hash = unchecked((hash * 31) + c);
        }

        return hash;
    }
}
