using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeadFunctions.Storage;

/// <summary>What anonymous callers learn about storage: whether it answers, and a sentence without internals when not.</summary>
public sealed record StorageHealth(bool Reachable, string? Error);

/// <summary>Asks the table service one cheap question, bounded in time, to tell whether storage answers.</summary>
public sealed class StorageHealthProbe(TableServiceClient tables, ILogger<StorageHealthProbe>? logger = null)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(5);

    private readonly ILogger _logger = logger ?? NullLogger<StorageHealthProbe>.Instance;

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

            // The exception names hosts and accounts: it goes to the log, the anonymous answer gets a sentence.
            _logger.LogWarning(ex, "Storage health check failed");
            return new StorageHealth(false, ex switch
            {
                OperationCanceledException => "storage did not answer within 5 s",
                RequestFailedException { Status: > 0 } failed => $"storage refused the request (HTTP {failed.Status})",
                _ => "storage could not be reached",
            });
        }
    }
}
