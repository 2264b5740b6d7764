using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.LocalHost.Events;

/// <summary>
/// Stands in for Event Grid where Azurite sends no events: lists the uploads container every second and posts a
/// BlobCreated event (Event Grid schema) for every new or overwritten blob to a webhook, until it answers 2xx.
/// A blob is known by its name and ETag, never by Last-Modified (one-second resolution: blobs written in the same
/// second as a listing would be missed), so every write is seen. What it delivered lives in memory, pruned to the
/// blobs still listed; after a restart, <paramref name="alreadyIngested"/> tells it which blobs need no event again.
/// </summary>
public sealed class LocalEventGrid(
    BlobContainerClient container,
    Uri webhook,
    HttpClient http,
    Func<BlobItem, CancellationToken, Task<bool>> alreadyIngested,
    TimeProvider time,
    ILogger<LocalEventGrid> logger)
{
    /// <summary>One listing a second delivers a write within about two seconds.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>Name → the ETag whose event the webhook accepted (or that needed none).</summary>
    private readonly Dictionary<string, string> _delivered = new(StringComparer.Ordinal);

    /// <summary>Name → the failed delivery of its current ETag, to back off from a webhook that is down.</summary>
    private readonly Dictionary<string, (string ETag, int Failures, DateTimeOffset NextTry)> _failing = new(StringComparer.Ordinal);

    public Uri Webhook => webhook;

    public async Task RunAsync(CancellationToken ct)
    {
        logger.LogInformation("Posting BlobCreated events for container {Container} to {Webhook}", container.Name, webhook);
        using var timer = new PeriodicTimer(Interval, time);
        var failedListings = 0;
        do
        {
            try
            {
                await PassAsync(ct);
                failedListings = 0;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // Storage not up yet (Azurite starting) is common: say so once, then every half minute.
                if (failedListings++ % 30 == 0)
                {
                    logger.LogWarning(ex, "Listing {Container} failed ({Failures} times); trying again every {Interval}", container.Name, failedListings, Interval);
                }
            }
        }
        while (await timer.WaitForNextTickAsync(ct));
    }

    /// <summary>One listing: posts the events due and returns how many the webhook accepted.</summary>
    public async Task<int> PassAsync(CancellationToken ct)
    {
        var listed = new HashSet<string>(StringComparer.Ordinal);
        var accepted = 0;
        await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata }, ct))
        {
            listed.Add(blob.Name);
            var eTag = blob.Properties.ETag?.ToString() ?? "";
            if (_delivered.TryGetValue(blob.Name, out var done) && done == eTag)
            {
                continue;
            }

            if (_failing.TryGetValue(blob.Name, out var failing) && failing.ETag == eTag && failing.NextTry > time.GetUtcNow())
            {
                continue;
            }

            // Only a blob this run has never delivered can have been ingested already (before a restart).
            if (done is null && !_failing.ContainsKey(blob.Name) && await alreadyIngested(blob, ct))
            {
                _delivered[blob.Name] = eTag;
                continue;
            }

            if (await PostAsync(blob, eTag, ct))
            {
                accepted++;
            }
        }

        Prune(_delivered, listed);
        Prune(_failing, listed);
        return accepted;
    }

    private async Task<bool> PostAsync(BlobItem blob, string eTag, CancellationToken ct)
    {
        var body = new JsonArray(BlobCreatedEvent.For(container, blob, time.GetUtcNow()));
        using var request = new HttpRequestMessage(HttpMethod.Post, webhook) { Content = JsonContent.Create(body) };
        request.Headers.Add("aeg-event-type", "Notification");
        string failure;
        try
        {
            using var response = await http.SendAsync(request, ct);
            if (response.IsSuccessStatusCode)
            {
                _delivered[blob.Name] = eTag;
                _failing.Remove(blob.Name);
                logger.LogDebug("BlobCreated {Blob} ({ETag}) accepted by {Webhook}", blob.Name, eTag, webhook);
                return true;
            }

            failure = $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(ct)}";
        }
        catch (HttpRequestException ex)
        {
            failure = ex.Message;
        }
        catch (TaskCanceledException ex) when (!ct.IsCancellationRequested)
        {
            failure = ex.Message;
        }

        var failures = _failing.TryGetValue(blob.Name, out var previous) && previous.ETag == eTag ? previous.Failures + 1 : 1;
        var backoff = TimeSpan.FromSeconds(Math.Min(MaxBackoff.TotalSeconds, Math.Pow(2, failures - 1)));
        _failing[blob.Name] = (eTag, failures, time.GetUtcNow() + backoff);
        if (failures == 1 || failures % 10 == 0)
        {
            logger.LogWarning("Delivering BlobCreated {Blob} to {Webhook} failed ({Failures} times): {Failure}; retrying in {Backoff}",
                blob.Name, webhook, failures, failure, backoff);
        }

        return false;
    }

    /// <summary>Forgets deleted blobs, so memory follows the container, not its history.</summary>
    private static void Prune<T>(Dictionary<string, T> known, HashSet<string> listed)
    {
        foreach (var gone in known.Keys.Where(k => !listed.Contains(k)).ToList())
        {
            known.Remove(gone);
        }
    }
}
