using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace LeadFunctions.Configuration;

/// <summary>
/// The queue settings the Functions host owns (host.json <c>extensions.queues</c>), read where the host reads them so
/// the app never keeps a copy: an app setting <c>AzureFunctionsJobHost__extensions__queues__maxDequeueCount</c> first
/// (the local host also layers host.json under that key), else the host.json deployed beside the worker, else the
/// host's own default.
/// </summary>
public static class HostQueueSettings
{
    public const string MaxDequeueCountKey = "AzureFunctionsJobHost:extensions:queues:maxDequeueCount";

    /// <summary>The queues extension's default when host.json does not set it.</summary>
    public const int DefaultMaxDequeueCount = 5;

    public static int MaxDequeueCount(IConfiguration configuration, string? hostJsonPath = null)
    {
        if (configuration[MaxDequeueCountKey] is { } configured && int.TryParse(configured, out var fromSettings))
        {
            return fromSettings;
        }

        hostJsonPath ??= Path.Combine(AppContext.BaseDirectory, "host.json");
        return File.Exists(hostJsonPath) && FromHostJson(File.ReadAllText(hostJsonPath)) is { } fromFile ? fromFile : DefaultMaxDequeueCount;
    }

    /// <summary><c>extensions.queues.maxDequeueCount</c> of a host.json document, or null where it sets none.</summary>
    public static int? FromHostJson(string json) => QueuesSetting(json, "maxDequeueCount");

    /// <summary>
    /// The most messages one instance's queue trigger holds at once under a host.json document: it fetches
    /// <c>batchSize</c> messages and fetches again once no more than <c>newBatchThreshold</c> are still running
    /// (the extension's defaults: 16, and half the batch per processor).
    /// </summary>
    public static int MessagesInFlight(string json)
    {
        var batchSize = QueuesSetting(json, "batchSize") ?? 16;
        return batchSize + (QueuesSetting(json, "newBatchThreshold") ?? batchSize / 2 * Environment.ProcessorCount);
    }

    private static int? QueuesSetting(string json, string name)
    {
        using var document = JsonDocument.Parse(json, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true });
        return document.RootElement.TryGetProperty("extensions", out var extensions) && extensions.ValueKind == JsonValueKind.Object
            && extensions.TryGetProperty("queues", out var queues) && queues.ValueKind == JsonValueKind.Object
            && queues.TryGetProperty(name, out var setting) && setting.TryGetInt32(out var value)
            ? value
            : null;
    }
}
