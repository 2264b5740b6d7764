using System.Collections.Concurrent;
using Azure.Data.Tables;
using LeadFunctions.Configuration;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Storage;

/// <summary>The app's tables, created on first use (once per process), named with the configured prefix.</summary>
public sealed class LeadTables(TableServiceClient service, IOptions<LeadScoringOptions> options)
{
    public const string Offers = "offers";
    public const string Leads = "leads";
    public const string Batches = "batches";
    public const string AiCache = "aicache";

    private readonly ConcurrentDictionary<string, Lazy<Task<TableClient>>> _tables = new();

    public Task<TableClient> GetAsync(string name, CancellationToken cancellationToken) =>
        _tables.GetOrAdd(name, n => new Lazy<Task<TableClient>>(() => CreateAsync(n))).Value.WaitAsync(cancellationToken);

    private async Task<TableClient> CreateAsync(string name)
    {
        var client = service.GetTableClient(options.Value.TablePrefix + name);
        try
        {
            await client.CreateIfNotExistsAsync();
        }
        catch
        {
            // Don't cache a failure: the next call tries again.
            _tables.TryRemove(name, out _);
            throw;
        }

        return client;
    }
}
