namespace LeadFunctions.Benchmarks;

/// <summary>App settings that point the AI layer at a <see cref="FakeOpenAiServer"/> (OpenAI-compatible).</summary>
public static class FakeAi
{
    public static Dictionary<string, string?> Settings(FakeOpenAiServer server, int maxRequestsPerMinute) => new()
    {
        ["Ai:Provider"] = "OpenAI",
        ["Ai:Endpoint"] = server.OpenAiBaseUri.ToString(),
        ["Ai:ApiKey"] = "benchmark-key",
        ["Ai:Model"] = "fake-model",
        ["Ai:MaxRequestsPerMinute"] = maxRequestsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
