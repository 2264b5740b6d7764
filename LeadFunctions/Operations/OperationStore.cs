using System.Text.Json;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Queues;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Operations;

/// <summary>The operations queue (what to do) and the operations table (how far it got, for the status resource).</summary>
public sealed class OperationStore
{
    /// <summary>The longest a queue message can stay invisible.</summary>
    public static readonly TimeSpan MaxQueueDelay = TimeSpan.FromDays(7);

    private readonly QueueClient _queue;
    private readonly AsyncOnce _created;
    private readonly LeadTables _tables;
    private readonly TimeProvider _time;

    public OperationStore(QueueServiceClient service, LeadTables tables, TimeProvider time, IOptions<LeadScoringOptions> options)
    {
        _queue = service.GetQueueClient(options.Value.OperationsQueue);
        _created = new AsyncOnce(() => _queue.CreateIfNotExistsAsync());
        _tables = tables;
        _time = time;
    }

    /// <summary>
    /// Queues the work, then records it as queued. The message comes first: a request cut short in between leaves work
    /// that still runs and records itself, never a record of work nobody will do.
    /// </summary>
    public async Task<OperationEntity> StartAsync(OperationMessage message, CancellationToken ct)
    {
        await SendAsync(message, TimeSpan.Zero, ct);
        var entity = OperationEntity.From(message, _time.GetUtcNow());
        var table = await _tables.GetAsync(LeadTables.Operations, ct);
        try
        {
            await table.AddEntityAsync(entity, ct);
        }
        catch (RequestFailedException ex) when (ex.Status == 409)
        {
            // The runner was quicker and recorded it already.
        }

        return entity;
    }

    public async Task SendAsync(OperationMessage message, TimeSpan delay, CancellationToken ct)
    {
        await _created.RunAsync(ct);
        var text = JsonSerializer.Serialize(message, JsonDefaults.Options);
        await _queue.SendMessageAsync(text, visibilityTimeout: delay > TimeSpan.Zero ? Min(delay, MaxQueueDelay) : null, cancellationToken: ct);
    }

    public async Task<OperationEntity?> GetAsync(string id, CancellationToken ct)
    {
        if (!TableKeys.IsValid(id))
        {
            return null;
        }

        var table = await _tables.GetAsync(LeadTables.Operations, ct);
        return await LeadPartitionWriter.GetAsync<OperationEntity>(table, id, OperationEntity.RowKeyValue, ct);
    }

    public async Task SaveAsync(OperationEntity operation, CancellationToken ct)
    {
        var table = await _tables.GetAsync(LeadTables.Operations, ct);
        await table.UpsertEntityAsync(operation, TableUpdateMode.Replace, ct);
    }

    public static OperationMessage? Parse(string body)
    {
        try
        {
            var message = JsonSerializer.Deserialize<OperationMessage>(body, JsonDefaults.Options);
            return message is not null && TableKeys.IsValid(message.OperationId)
                && message.Kind is OperationKinds.Score or OperationKinds.DeleteOffer or OperationKinds.ExpireUpload
                && (message.OfferId is null || TableKeys.IsValid(message.OfferId))
                && (message.BatchId is null || TableKeys.IsValid(message.BatchId))
                ? message
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    public static OperationResponse ToResponse(OperationEntity operation) => new(
        operation.Id, operation.Kind, operation.Status, operation.OfferId, operation.BatchId, operation.Rescore,
        operation.LeadsQueued, operation.Error, operation.CreatedAt, operation.CompletedAt);

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
