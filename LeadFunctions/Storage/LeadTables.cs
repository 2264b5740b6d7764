using System.Collections.Concurrent;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Storage;

/// <summary>The app's tables, created on first use (once per process), named with the configured prefix.</summary>
public sealed class LeadTables(TableServiceClient service, IOptions<LeadScoringOptions> options)
{
    public const string Offers = "offers";
    public const string Leads = "leads";
    public const string Batches = "batches";
    public const string AiCache = "aicache";
    public const string AiBudget = "aibudget";
    public const string Operations = "operations";

    private readonly ConcurrentDictionary<string, (TableClient Client, AsyncOnce Created)> _tables = new();

    public async Task<TableClient> GetAsync(string name, CancellationToken cancellationToken)
    {
        var (client, created) = _tables.GetOrAdd(name, n =>
        {
            var table = service.GetTableClient(options.Value.TablePrefix + n);
            return (table, new AsyncOnce(() => table.CreateIfNotExistsAsync()));
        });
        await created.RunAsync(cancellationToken);
        return client;
    }
}
