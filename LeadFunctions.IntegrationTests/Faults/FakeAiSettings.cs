namespace LeadFunctions.IntegrationTests.Faults;

/// <summary>The AI layer pointed at a <see cref="FakeOpenAiServer"/> (<see cref="HostSettings.Ai"/>), with a budget that never throttles a fault test.</summary>
public static class FakeAiSettings
{
    public static Dictionary<string, string?> For(FakeOpenAiServer ai) => HostSettings.Merge(HostSettings.Ai(ai), new Dictionary<string, string?>
    {
        ["Ai:MaxRequestsPerMinute"] = "60000",
        ["Ai:MaxConcurrency"] = "64",
    });
}
