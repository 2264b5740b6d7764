using LeadFunctions.Tests.Support;

namespace LeadFunctions.Tests.Faults;

/// <summary>App settings that point the AI layer at a <see cref="FakeOpenAiServer"/>, with a budget that never throttles a test.</summary>
public static class FakeAiSettings
{
    public static Dictionary<string, string?> For(FakeOpenAiServer ai) => new()
    {
        ["Ai:Provider"] = "OpenAI",
        ["Ai:Endpoint"] = ai.OpenAiBaseUri.ToString(),
        ["Ai:ApiKey"] = "test-key",
        ["Ai:Model"] = "fake-model",
        ["Ai:MaxRequestsPerMinute"] = "60000",
        ["Ai:MaxConcurrency"] = "64",
    };
}
