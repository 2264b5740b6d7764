using Azure;
using Azure.Data.Tables;

namespace LeadFunctions.Ingest;

/// <summary>
/// One segment of a batch's file, in the batch's partition of the batches table beside its header: a run of whole
/// records from <see cref="StartByte"/> (on <see cref="StartLine"/>) up to <see cref="EndByte"/> (null: the end of the
/// file), and, once <see cref="Done"/>, what ingesting it counted. It is recorded done together with the header's
/// counters in one transaction, so its counts are added exactly once.
/// </summary>
public sealed class SegmentEntity : ITableEntity
{
    public const string Prefix = "seg-";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = "";
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public long StartByte { get; set; }
    public long? EndByte { get; set; }
    public int StartLine { get; set; }

    /// <summary>
    /// The last file line of the rows whose leads a run of this segment has written and queued for scoring: a run
    /// again (a redelivered message, a killed or timed-out run) skips them, so it queues no lead a second time.
    /// </summary>
    public long? SentThroughLine { get; set; }

    /// <summary>
    /// Until when the run <see cref="RunId"/> holds this segment; it renews this as it goes. A second message for the
    /// segment meanwhile waits on the queue instead of ingesting the same rows at the same time.
    /// </summary>
    public DateTimeOffset? RunningUntil { get; set; }

    public string? RunId { get; set; }

    public bool Done { get; set; }
    public long Rows { get; set; }
    public long Accepted { get; set; }
    public long Rejected { get; set; }
    public long Duplicates { get; set; }

    public static string Key(int segment) => $"{Prefix}{segment:D6}";
}
