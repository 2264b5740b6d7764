using Azure;
using Azure.Data.Tables;

namespace LeadFunctions.Operations;

/// <summary>An operation's status in the operations table (partition = operation id).</summary>
public sealed class OperationEntity : ITableEntity
{
    public const string RowKeyValue = "op";

    public string PartitionKey { get; set; } = "";
    public string RowKey { get; set; } = RowKeyValue;
    public DateTimeOffset? Timestamp { get; set; }
    public ETag ETag { get; set; }

    public string Kind { get; set; } = "";
    public string Status { get; set; } = OperationStatus.Queued;
    public string? OfferId { get; set; }
    public string? BatchId { get; set; }
    public bool Rescore { get; set; }

    /// <summary>Leads sent back to scoring so far (score operations).</summary>
    public long LeadsQueued { get; set; }

    /// <summary>The last index key whose lead is requeued with its message: a run killed midway resumes after it.</summary>
    public string? Checkpoint { get; set; }

    public string? Error { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset? CompletedAt { get; set; }

    public string Id => PartitionKey;

    public static OperationEntity From(OperationMessage message, DateTimeOffset now) => new()
    {
        PartitionKey = message.OperationId,
        Kind = message.Kind,
        OfferId = message.OfferId,
        BatchId = message.BatchId,
        Rescore = message.Rescore,
        CreatedAt = now,
    };
}
