using LeadFunctions.Testing;

namespace LeadFunctions.Testing;

/// <summary>Settings groups for <see cref="RunningLocalHost.StartAsync"/>; <see cref="Merge"/> combines them.</summary>
public static class HostSettings
{
    /// <summary>The OpenAI-compatible provider pointed at the fake server.</summary>
    public static Dictionary<string, string?> Ai(FakeOpenAiServer server) => new()
    {
        ["Ai:Provider"] = "OpenAI",
        ["Ai:Endpoint"] = server.OpenAiBaseUri.ToString(),
        ["Ai:ApiKey"] = "test-key",
        ["Ai:Model"] = "fake-model",
    };

    /// <summary>
    /// The queue's retry behaviour, set as app settings over host.json (as in Azure): the host's <c>maxDequeueCount</c>
    /// (which the app reads too, <see cref="HostQueueSettings"/>) and the delay before a failed message is visible again.
    /// </summary>
    public static Dictionary<string, string?> QueueRetries(int maxDequeueCount, TimeSpan retryDelay) => new()
    {
        [HostQueueSettings.MaxDequeueCountKey] = maxDequeueCount.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["AzureFunctionsJobHost:extensions:queues:visibilityTimeout"] = retryDelay.ToString("c"),
    };

    /// <summary>The settings of every part, later parts winning.</summary>
    public static Dictionary<string, string?> Merge(params IReadOnlyDictionary<string, string?>[] parts)
    {
        var merged = new Dictionary<string, string?>();
        foreach (var (key, value) in parts.SelectMany(p => p))
        {
            merged[key] = value;
        }

        return merged;
    }
}
