using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;

namespace LeadFunctions.Benchmarks;

/// <summary>
/// One batch through the whole pipeline as a user drives it: the CSV is POSTed to <c>/api/leads/upload</c>, the blob
/// trigger ingests it, the queue trigger scores every lead, and <c>GET /api/batches/{id}</c> is polled until the batch is
/// completed (or failed, or the time is up).
/// </summary>
public static class PipelineRun
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <param name="Elapsed">From the upload request to the poll that saw the batch finished (<see cref="RunAsync"/>: to the batch's <c>completed_at</c>).</param>
    /// <param name="Polls">Status requests made (<c>GET /api/batches/{id}</c>).</param>
    public sealed record Outcome(string BatchId, string Status, TimeSpan Elapsed, JsonNode Batch, int Polls = 0);

    /// <summary>
    /// Uploads the leads and waits for the batch. Its time ends at the batch's own <c>completed_at</c> (the host runs on this
    /// machine's clock), not at the poll that saw it: polls are <see cref="PollInterval"/> apart, a tenth of a 2-second run.
    /// </summary>
    public static async Task<Outcome> RunAsync(BenchmarkHost host, string offerId, string tag, int leads, TimeSpan timeout, CancellationToken ct)
    {
        var path = await new LeadGenerator(tag).WriteCsvFileAsync(leads, ct);
        try
        {
            var started = DateTimeOffset.UtcNow;
            var clock = Stopwatch.StartNew();
            string batchId;
            await using (var file = File.OpenRead(path))
            {
                using var content = new StreamContent(file);
                content.Headers.ContentType = new MediaTypeHeaderValue("text/csv");
                using var response = await host.Http.PostAsync($"/api/leads/upload?offer_id={offerId}", content, ct);
                var body = await response.Content.ReadAsStringAsync(ct);
                if (!response.IsSuccessStatusCode)
                {
                    throw new InvalidOperationException($"Upload answered {(int)response.StatusCode}: {body}");
                }

                batchId = JsonNode.Parse(body)!["batch_id"]!.GetValue<string>();
            }

            var outcome = await WaitAsync(host, batchId, clock, timeout, ct);
            return outcome.Batch["completed_at"]?.GetValue<DateTimeOffset>() is { } completed && completed > started && completed - started <= outcome.Elapsed
                ? outcome with { Elapsed = completed - started }
                : outcome;
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Polls the batch until it is completed or failed, or <paramref name="clock"/> passes <paramref name="timeout"/>.</summary>
    public static async Task<Outcome> WaitAsync(BenchmarkHost host, string batchId, Stopwatch clock, TimeSpan timeout, CancellationToken ct)
    {
        for (var polls = 1; ; polls++)
        {
            var batch = await GetJsonAsync(host, $"/api/batches/{batchId}", ct);
            var status = batch["status"]!.GetValue<string>();
            if (status is "completed" or "failed" || clock.Elapsed > timeout)
            {
                return new Outcome(batchId, status, clock.Elapsed, batch, polls);
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    public static async Task<JsonNode> GetJsonAsync(BenchmarkHost host, string url, CancellationToken ct)
    {
        using var response = await host.Http.GetAsync(url, ct);
        var body = await response.Content.ReadAsStringAsync(ct);
        return response.IsSuccessStatusCode
            ? JsonNode.Parse(body)!
            : throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}: {body}");
    }
}
