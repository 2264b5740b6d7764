namespace LeadFunctions.LocalHost.Events;

/// <summary><c>LocalHost__BlobEvents</c>: whether the local host runs its <see cref="LocalEventGrid"/> against its own webhook.</summary>
public static class BlobEventsMode
{
    public const string SettingKey = "LocalHost:BlobEvents";
    public const string Watch = "watch";
    public const string Off = "off";

    /// <summary>The webhook of the app's blob-triggered function, below a host's base address.</summary>
    public const string WebhookPathAndQuery = "/runtime/webhooks/blobs?functionName=Host.Functions.IngestUploadedCsv";

    public static bool IsWatching(string? value) =>
        string.IsNullOrWhiteSpace(value) || value.Trim().ToLowerInvariant() switch
        {
            Watch => true,
            Off => false,
            _ => throw new LocalHostSetupException($"LocalHost__BlobEvents must be '{Watch}' or '{Off}' (was '{value}')."),
        };
}
