namespace LeadFunctions.Configuration;

/// <summary>Pipeline settings, bound from the <c>LeadScoring</c> section (<c>LeadScoring__*</c> app settings).</summary>
public sealed class LeadScoringOptions
{
    public const string SectionName = "LeadScoring";

    /// <summary>Binding expressions used by the trigger attributes; the host resolves them from app settings.</summary>
    public const string UploadsContainerExpression = "%LeadScoring:UploadsContainer%";
    public const string ScoringQueueExpression = "%LeadScoring:ScoringQueue%";
    public const string PoisonQueueExpression = "%LeadScoring:ScoringQueue%-poison";

    /// <summary>The storage connection every binding and client uses.</summary>
    public const string StorageConnection = "AzureWebJobsStorage";

    public const string DefaultUploadsContainer = "lead-uploads";
    public const string DefaultScoringQueue = "lead-scoring";
    public const long DefaultMaxUploadBytes = 100L * 1024 * 1024;

    public string UploadsContainer { get; set; } = DefaultUploadsContainer;

    public string ScoringQueue { get; set; } = DefaultScoringQueue;

    public long MaxUploadBytes { get; set; } = DefaultMaxUploadBytes;

    /// <summary>
    /// The queue's <c>maxDequeueCount</c> (host.json <c>extensions.queues</c>): on that delivery a lead whose AI call keeps
    /// failing is scored by rules only instead of going back to the queue. Keep the two equal.
    /// </summary>
    public int MaxDequeueCount { get; set; } = 5;

    /// <summary>Table name prefix, so several apps (or test runs) can share one storage account.</summary>
    public string TablePrefix { get; set; } = "";
}
