namespace LeadFunctions.Batches;

/// <summary>A batch header was deleted (with its offer) while ingest still worked on it.</summary>
public sealed class BatchDeletedException(string batchId) : Exception($"Batch {batchId} was deleted while it was being ingested.")
{
    public string BatchId { get; } = batchId;
}
