namespace LeadFunctions.Configuration;

/// <summary>Pipeline settings, bound from the <c>LeadScoring</c> section (<c>LeadScoring__*</c> app settings).</summary>
public sealed class LeadScoringOptions
{
    public const string SectionName = "LeadScoring";

    /// <summary>Binding expressions used by the trigger attributes; the host resolves them from app settings.</summary>
    public const string UploadsContainerExpression = "%LeadScoring:UploadsContainer%";
    public const string ScoringQueueExpression = "%LeadScoring:ScoringQueue%";
    public const string PoisonQueueExpression = ScoringQueueExpression + PoisonQueueSuffix;
    public const string OperationsQueueExpression = "%LeadScoring:OperationsQueue%";
    public const string IngestQueueExpression = "%LeadScoring:IngestQueue%";
    public const string IngestPoisonQueueExpression = "%LeadScoring:IngestQueue%-poison";
    public const string WebhookQueueExpression = "%LeadScoring:WebhookQueue%";

    /// <summary>What the queues extension appends to a queue's name for the queue of messages it gave up on.</summary>
    public const string PoisonQueueSuffix = "-poison";

    /// <summary>The storage connection every binding and client uses.</summary>
    public const string StorageConnection = "AzureWebJobsStorage";

    public const string DefaultUploadsContainer = "lead-uploads";
    public const string DefaultScoringQueue = "lead-scoring";
    public const string DefaultOperationsQueue = "lead-operations";
    public const string DefaultIngestQueue = "lead-ingest";
    public const string DefaultWebhookQueue = "lead-webhooks";
    public const long DefaultMaxUploadBytes = 100L * 1024 * 1024;
    public static readonly TimeSpan DefaultKeepUploadsFor = TimeSpan.FromDays(7);
    public static readonly TimeSpan DefaultDeletionSweepDelay = TimeSpan.FromMinutes(5);
    public const int DefaultLeadPartitions = 4;

    public string UploadsContainer { get; set; } = DefaultUploadsContainer;

    public string ScoringQueue { get; set; } = DefaultScoringQueue;

    /// <summary>The queue of whole-scope work (rescoring, offer deletion, upload expiry) that no request does itself.</summary>
    public string OperationsQueue { get; set; } = DefaultOperationsQueue;

    /// <summary>The queue of ingest work: planning steps and segments of uploaded files (<see cref="Ingest.IngestMessage"/>).</summary>
    public string IngestQueue { get; set; } = DefaultIngestQueue;

    /// <summary>Rows in one ingest segment, i.e. the most one ingest invocation writes: a few seconds of work.</summary>
    public int IngestSegmentRows { get; set; } = 2000;

    /// <summary>Bytes of the file one planning invocation scans for segment boundaries before it queues the next step.</summary>
    public long IngestPlanBytes { get; set; } = 16L * 1024 * 1024;

    /// <summary>
    /// Segments one instance ingests at once. Storage throughput is shared by the segments running, so more at once
    /// makes each one slower; one waiting for a slot goes back to the queue instead of waiting inside its invocation.
    /// </summary>
    public int IngestSegmentsAtOnce { get; set; } = 4;

    public long MaxUploadBytes { get; set; } = DefaultMaxUploadBytes;

    /// <summary>How long an uploaded CSV is kept once its batch is ingested (or failed); zero deletes it right away.</summary>
    public TimeSpan KeepUploadsFor { get; set; } = DefaultKeepUploadsFor;

    /// <summary>
    /// How long after deleting an offer's data its deletion sweeps once more and lifts the fence that stops late writers
    /// (an ingest or scoring run that started before the delete): longer than any one write of theirs can take.
    /// </summary>
    public TimeSpan DeletionSweepDelay { get; set; } = DefaultDeletionSweepDelay;

    /// <summary>
    /// The host's <c>maxDequeueCount</c> (host.json <c>extensions.queues</c>), read from the host's settings
    /// (<see cref="HostQueueSettings"/>), never set here: on that delivery a lead whose AI call keeps failing is scored by
    /// rules only instead of going back to the queue.
    /// </summary>
    public int MaxDequeueCount { get; internal set; } = HostQueueSettings.DefaultMaxDequeueCount;

    /// <summary>
    /// How many partitions of the leads table a new offer's leads are spread over (1 to
    /// <see cref="Storage.LeadPartitions.MaxCount"/>), recorded on the offer when it is created: each partition takes
    /// about 2,000 entity writes a second in Azure, and a results page merges one range query per partition.
    /// </summary>
    public int LeadPartitions { get; set; } = DefaultLeadPartitions;

    /// <summary>Table name prefix, so several apps (or test runs) can share one storage account.</summary>
    public string TablePrefix { get; set; } = "";

    /// <summary>The queue of batch-end callbacks: watching a batch until it ends, then each delivery attempt (Callbacks/).</summary>
    public string WebhookQueue { get; set; } = DefaultWebhookQueue;

    /// <summary>Every queue a trigger listens on, each followed by its poison queue: the names storage must hold.</summary>
    public IReadOnlyList<string> TriggerQueues =>
        [ScoringQueue, PoisonQueueOf(ScoringQueue), IngestQueue, PoisonQueueOf(IngestQueue), OperationsQueue, PoisonQueueOf(OperationsQueue), WebhookQueue, PoisonQueueOf(WebhookQueue)];

    /// <summary>The queue the extension moves <paramref name="queue"/>'s given-up messages to.</summary>
    public static string PoisonQueueOf(string queue) => queue + PoisonQueueSuffix;

    /// <summary>Signs every callback (HMAC-SHA256 of the body); without it a <c>callback_url</c> is refused.</summary>
    public string? WebhookSecret { get; set; }

    /// <summary>Also allows <c>http</c> and <c>https</c> callbacks to loopback (127.0.0.0/8, ::1, localhost): local development and tests only.</summary>
    public bool WebhookAllowLoopback { get; set; }

    /// <summary>How long one delivery attempt may take, connection included.</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait before the second attempt; it doubles after each failure, up to <see cref="Callbacks.CallbackSchedule.MaxRetryDelay"/>.</summary>
    public TimeSpan WebhookRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>After this long from the first attempt no further attempt is made, and the callback is recorded as failed.</summary>
    public TimeSpan WebhookGiveUpAfter { get; set; } = TimeSpan.FromHours(1);

    /// <summary>The first look at a batch after ingest ends; the wait doubles while it runs, up to <see cref="Callbacks.CallbackSchedule.MaxWatchDelay"/>.</summary>
    public TimeSpan WebhookWatchDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>A batch still scoring this long after ingest ended gets no call; its callback is recorded as failed.</summary>
    public TimeSpan WebhookWatchFor { get; set; } = TimeSpan.FromDays(7);
}
