namespace LeadFunctions.Batches;

/// <summary>The scoring progress of a batch: sums of its progress shards over the offer's partitions.</summary>
public sealed record BatchProgress(long Scored, long Failed, long High, long Medium, long Low, long Removed, DateTimeOffset? LastChange)
{
    public static BatchProgress None { get; } = new(0, 0, 0, 0, 0, 0, null);

    public long Settled => Scored + Failed;
}
