namespace LeadFunctions.Batches;

/// <summary>
/// The progress of a batch: sums of its progress shards over the offer's partitions. <see cref="Marked"/> counts the
/// batch markers added, one per distinct lead the batch took in: a file's segments are ingested in parallel and each
/// sees only its own rows, so this, not their sum, is the batch's exact <c>rows_accepted</c>.
/// </summary>
public sealed record BatchProgress(long Scored, long Failed, long High, long Medium, long Low, long Removed, long Marked, DateTimeOffset? LastChange)
{
    /// <summary>The progress counter the writer bumps, in the transaction that adds it, for each batch marker added.</summary>
    public const string MarkedCounter = "Marked";

    public static BatchProgress None { get; } = new(0, 0, 0, 0, 0, 0, 0, null);

    public long Settled => Scored + Failed;
}
