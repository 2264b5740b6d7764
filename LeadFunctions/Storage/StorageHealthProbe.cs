using Azure;
using Azure.Data.Tables;

namespace LeadFunctions.Storage;

public sealed record StorageHealth(bool Reachable, string? Error);

/// <summary>Asks the table service one cheap question, bounded in time, to tell whether storage answers.</summary>
public sealed class StorageHealthProbe(TableServiceClient tables)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    public async Task<StorageHealth> CheckAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        try
        {
            await foreach (var _ in tables.QueryAsync(maxPerPage: 1, cancellationToken: timeout.Token).AsPages(pageSizeHint: 1))
            {
                break;
            }

            return new StorageHealth(true, null);
        }
        catch (Exception ex) when (ex is RequestFailedException or OperationCanceledException or AggregateException or HttpRequestException)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return new StorageHealth(false, ex is OperationCanceledException ? "storage did not answer within 5 s" : ex.Message);
        }
    }
}
