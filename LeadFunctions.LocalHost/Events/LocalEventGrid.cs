using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.LocalHost.Events;

/// <summary>
/// Stands in for Event Grid where Azurite sends no events: lists the uploads container four times a second and posts a
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
    /// <summary>
    /// The pause between listings: a write is delivered within about half a second, as Event Grid delivers in Azure
    /// (one listing a second kept a small batch waiting half a second on average, a sixth of its run).
    /// </summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    /// <summary>A slow listing (a container of many kept uploads) spaces out the next, so listing takes at most a fifth of the time.</summary>
    private const int PausePerListingTime = 4;

    private static readonly TimeSpan MaxBackoff = TimeSpan.FromSeconds(30);

    /// <summary>Name → the ETag whose event the webhook accepted (or that needed none).</summary>
    private readonly Dictionary<string, string> _delivered = new(StringComparer.Ordinal);

    /// <summary>Name → the failed delivery of its current ETag, to back off from a webhook that is down.</summary>
    private readonly Dictionary<string, (string ETag, int Failures, DateTimeOffset NextTry)> _failing = new(StringComparer.Ordinal);

    public Uri Webhook => webhook;

    public async Task RunAsync(CancellationToken ct)
    {
        logger.LogInformation("Posting BlobCreated events for container {Container} to {Webhook}", container.Name, webhook);
        var failedListings = 0;
        while (!ct.IsCancellationRequested)
        {
            var started = time.GetTimestamp();
            try
            {
                await PassAsync(ct);
                failedListings = 0;
            }
            catch (Exception ex) when (!ct.IsCancellationRequested)
            {
                // Storage not up yet (Azurite starting) is common: say so once, then about every half minute.
                if (failedListings++ % 120 == 0)
                {
                    logger.LogWarning(ex, "Listing {Container} failed ({Failures} times); trying again every {Interval}", container.Name, failedListings, Interval);
                }
            }

            await Task.Delay(PauseAfter(time.GetElapsedTime(started)), time, ct);
        }
    }

    /// <summary>How long to wait after a listing that took <paramref name="listing"/>.</summary>
    public static TimeSpan PauseAfter(TimeSpan listing) =>
        listing * PausePerListingTime > Interval ? listing * PausePerListingTime : Interval;

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
