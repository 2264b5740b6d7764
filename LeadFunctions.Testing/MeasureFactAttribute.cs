namespace LeadFunctions.Testing;

/// <summary>
/// A measurement, not a test: it runs only when <c>LEADFUNCTIONS_MEASURE=1</c> and is skipped otherwise, so the normal
/// test run stays fast and free of timing. Mark it <c>[Trait("Category", "Measure")]</c> too.
/// </summary>
public sealed class MeasureFactAttribute : FactAttribute
{
    public const string EnvironmentVariable = "LEADFUNCTIONS_MEASURE";

    public MeasureFactAttribute()
    {
        if (Environment.GetEnvironmentVariable(EnvironmentVariable) != "1")
        {
            Skip = $"A measurement: set {EnvironmentVariable}=1 to run it.";
        }
    }
}
