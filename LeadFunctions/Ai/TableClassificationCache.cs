using Azure;
using Azure.Data.Tables;
using LeadFunctions.Model;

namespace LeadFunctions.Ai;

/// <summary>
/// <see cref="IClassificationCache"/> in Azure Table Storage: table <c>{prefix}aicache</c>, PartitionKey = the key's first
/// two hex characters (256 partitions), RowKey = the key. The table is created on first use.
/// </summary>
public sealed class TableClassificationCache(TableClient table) : IClassificationCache
{
    public const string DefaultTableName = "aicache";

    private readonly SemaphoreSlim _createLock = new(1, 1);
    private volatile bool _created;

    public static string TableName(string? prefix) => (prefix ?? "") + DefaultTableName;

    public async Task<IntentClassification?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var response = await table.GetEntityIfExistsAsync<TableEntity>(PartitionKey(key), key, cancellationToken: cancellationToken).ConfigureAwait(false);
        if (!response.HasValue || response.Value is not { } entity)
        {
            return null;
        }

        // A row this code did not write (or an older shape) is a miss, not an error.
        return Enum.TryParse<LeadIntent>(entity.GetString("Intent"), out var intent)
            && Enum.IsDefined(intent)
            && entity.GetString("Reasoning") is { Length: > 0 } reasoning
                ? new IntentClassification(intent, reasoning)
                : null;
    }

    public async Task SetAsync(string key, IntentClassification classification, CancellationToken cancellationToken)
    {
        await EnsureTableAsync(cancellationToken).ConfigureAwait(false);
        var entity = new TableEntity(PartitionKey(key), key)
        {
            ["Intent"] = classification.Intent.ToString(),
            ["Reasoning"] = classification.Reasoning,
            ["PromptVersion"] = IntentPrompt.Version,
        };
        await table.UpsertEntityAsync(entity, TableUpdateMode.Replace, cancellationToken).ConfigureAwait(false);
    }

    private static string PartitionKey(string key) =>
        key.Length >= 2 ? key[..2] : throw new ArgumentException("A cache key is a hex hash.", nameof(key));

    private async Task EnsureTableAsync(CancellationToken cancellationToken)
    {
        if (_created)
        {
            return;
        }

        await _createLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (!_created)
            {
                try
                {
                    await table.CreateIfNotExistsAsync(cancellationToken).ConfigureAwait(false);
                }
                catch (RequestFailedException e) when (e.Status == 409)
                {
                    // Created by another instance at the same moment.
                }

                _created = true;
            }
        }
        finally
        {
            _createLock.Release();
        }
    }
}
