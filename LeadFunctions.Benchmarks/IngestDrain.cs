using Azure.Storage.Queues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Benchmarks;

/// <summary>
/// Does what the ingest queue's trigger does, in this process, for a host whose triggers are not started: takes
/// planning steps and segments off the ingest queue, <c>IngestSegmentsAtOnce</c> at a time, until the batch has left
/// <c>ingesting</c>. Returns the longest single run, the figure <c>functionTimeout</c> bounds.
/// </summary>
public static class IngestDrain
{
    private static readonly TimeSpan Limit = TimeSpan.FromHours(2);

    public static async Task<TimeSpan> RunAsync(BenchmarkHost host, AzuriteFixture storage, string batchId, CancellationToken ct)
    {
        var services = host.Services;
        var options = services.GetRequiredService<IOptions<LeadScoringOptions>>().Value;
        var queue = storage.CreateQueueServiceClient().GetQueueClient(options.IngestQueue);
        var planner = services.GetRequiredService<SegmentPlanner>();
        var ingestor = services.GetRequiredService<SegmentIngestor>();
        var batches = services.GetRequiredService<BatchRepository>();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(ct);
        deadline.CancelAfter(Limit);
        long longestTicks = 0;

        async Task WorkAsync()
        {
            while ((await batches.GetAsync(batchId, deadline.Token))?.Status == BatchStatus.Ingesting)
            {
                var message = (await queue.ReceiveMessageAsync(TimeSpan.FromMinutes(10), deadline.Token)).Value;
                if (message is null)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(200), deadline.Token);
                    continue;
                }

                var clock = System.Diagnostics.Stopwatch.StartNew();
                var work = IngestQueue.Parse(message.MessageText) ?? throw new InvalidOperationException($"Not an ingest message: {message.MessageText}");
                if (work.Kind == IngestMessage.Plan)
                {
                    await planner.PlanAsync(work, deadline.Token);
                }
                else
                {
                    await ingestor.IngestAsync(work, deadline.Token);
                }
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt, deadline.Token);
                var ticks = clock.Elapsed.Ticks;
                for (var seen = Interlocked.Read(ref longestTicks); ticks > seen; seen = Interlocked.Read(ref longestTicks))
                {
                    Interlocked.CompareExchange(ref longestTicks, ticks, seen);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, Math.Max(1, options.IngestSegmentsAtOnce)).Select(_ => WorkAsync()));
        return TimeSpan.FromTicks(longestTicks);
    }
}
