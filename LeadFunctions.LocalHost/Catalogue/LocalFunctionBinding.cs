namespace LeadFunctions.LocalHost.Catalogue;

/// <summary>
/// The trigger the local host binds for one function, in functions.metadata's terms: trigger type
/// (<c>httpTrigger</c>, <c>queueTrigger</c>, <c>blobTrigger</c>), the entry point it runs, and the trigger's own
/// properties (unused ones are null); <c>Source</c> is a blob trigger's source (<c>EventGrid</c>, <c>LogsAndContainerScan</c>). Methods are lower case; null means any method.
/// </summary>
public sealed record LocalFunctionBinding(
    string Name,
    string TriggerType,
    string EntryPoint,
    string? Connection = null,
    string? QueueName = null,
    string? BlobPath = null,
    string? Route = null,
    IReadOnlyList<string>? Methods = null,
    string? AuthLevel = null,
    string? Source = null);
