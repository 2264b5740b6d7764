using Azure.Data.Tables;
using LeadFunctions.Model;
using LeadFunctions.Storage;

namespace LeadFunctions.Ai;

/// <summary>
/// <see cref="IClassificationCache"/> in Azure Table Storage: table <see cref="LeadTables.AiCache"/> (with the configured
/// prefix), PartitionKey = the key's first two hex characters (256 partitions), RowKey = the key.
/// </summary>
public sealed class TableClassificationCache(LeadTables tables) : IClassificationCache
{
    public async Task<IntentClassification?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var table = await tables.GetAsync(LeadTables.AiCache, cancellationToken).ConfigureAwait(false);
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
        var table = await tables.GetAsync(LeadTables.AiCache, cancellationToken).ConfigureAwait(false);
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
}
