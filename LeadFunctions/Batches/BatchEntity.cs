using Azure;
using Azure.Data.Tables;

namespace LeadFunctions.Batches;

/// <summary>A batch's header in the batches table (partition = batch id): where it came from and what ingest counted.</summary>
public sealed class BatchEntity : ITableEntity
{
    public const string HeaderRowKey = "batch";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = HeaderRowKey;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string BatchId { get; set; } = "";
    public string OfferId { get; set; } = "";

    /// <summary><c>http</c> or <c>blob</c>.</summary>
    public string Source { get; set; } = "blob";

    /// <summary>The blob's name inside the uploads container.</summary>
    public string Blob { get; set; } = "";

    /// <summary><c>ingesting</c>, <c>scoring</c> or <c>failed</c>; <c>completed</c> is derived from the progress counters.</summary>
    public string Status { get; set; } = BatchStatus.Ingesting;

    public long RowsTotal { get; set; }
    public long RowsAccepted { get; set; }
    public long RowsRejected { get; set; }
    public long Duplicates { get; set; }

    /// <summary>Rejected rows beyond the stored error entries (the list is bounded; the counts are not).</summary>
    public long ErrorsNotListed { get; set; }

    /// <summary>How many times the blob trigger has started on this batch (it retries failures).</summary>
    public int IngestAttempts { get; set; }

    /// <summary>The blob version (ETag) the batch reads; every range read is conditioned on it.</summary>
    public string? BlobETag { get; set; }

    /// <summary>Byte offset and line of the file's first data record: the header bytes before it head every segment read.</summary>
    public long DataStart { get; set; }

    public int DataStartLine { get; set; }

    /// <summary>The file is read as one segment: its offsets are not byte offsets of the blob (UTF-16/32 text).</summary>
    public bool WholeFile { get; set; }

    /// <summary>The blob trigger ran the first planning step (<see cref="Ingest.SegmentPlanner"/>); the rest is on the ingest queue.</summary>
    public bool PlanQueued { get; set; }

    /// <summary>How many segments the file was cut into; null until planning reached the end of the file.</summary>
    public int? SegmentsPlanned { get; set; }

    /// <summary>Segments whose results are in the counters above; the batch leaves <c>ingesting</c> when all are.</summary>
    public int SegmentsDone { get; set; }

    public string? FailureReason { get; set; }
    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Where the batch sits in the batch lists, newest first (BatchRepository); null for batches made before the lists.</summary>
    public string? ListKey { get; set; }
    public DateTimeOffset? IngestedAt { get; set; }

    /// <summary>Where the batch's end is reported (Callbacks/), or null; the upload's own URL, else the offer's when ingest ended.</summary>
    public string? CallbackUrl { get; set; }

    /// <summary><c>pending</c>, <c>delivered</c> or <c>failed</c> (<see cref="Callbacks.CallbackStatus"/>).</summary>
    public string? CallbackStatus { get; set; }

    public int CallbackAttempts { get; set; }
    public int? CallbackLastStatus { get; set; }
    public string? CallbackLastError { get; set; }
    public DateTimeOffset? CallbackDeliveredAt { get; set; }

    /// <summary>When the first attempt started: the give-up time counts from here.</summary>
    public DateTimeOffset? CallbackFirstAttemptAt { get; set; }

    /// <summary><c>completed</c> or <c>failed</c>: the end being reported, fixed at the first attempt.</summary>
    public string? CallbackEvent { get; set; }

    /// <summary>The queue message that holds the latest attempt, so a duplicate message stands aside and a redelivery resumes.</summary>
    public string? CallbackAttemptBy { get; set; }

    /// <summary>Whether the latest attempt's outcome is recorded.</summary>
    public bool CallbackAttemptFinished { get; set; }
}
