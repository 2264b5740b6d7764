using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.Benchmarks.Scenarios;

/// <summary>
/// Ingest: a CSV blob to queued scoring messages, timed by calling <see cref="BatchIngestor.IngestAsync"/> from the
/// app's services with no trigger running (so no scoring competes for the CPU), beside the raw ceiling: the storage
/// SDK sending as many messages with the same parallelism. Then the peak working set while a much larger file is ingested.
/// </summary>
public static class IngestScenario
{
    public const string Name = "Ingest";

    /// <summary>As many sends in flight as one segment has at most: <see cref="SegmentIngestor.ParallelChunks"/> chunks of a transaction's leads.</summary>
    public const int RawParallelism = SegmentIngestor.ParallelChunks * LeadPartitionWriter.MaxLeadsPerTransaction;

    private const int MegaByte = 1024 * 1024;

    public static async Task<ScenarioResult> RunAsync(BenchmarkSettings settings, Action<string> progress, CancellationToken ct)
    {
        var measurements = new List<Measurement>();
        var failures = new List<string>();

        // First in the process, so that nothing before it can have set the process's peak working set.
        if (settings.MemoryRows > 0)
        {
            progress($"ingest: {settings.MemoryRows:N0} rows, watching the working set");
            await using var storage = await BenchmarkSettings.StartStorageAsync(ct);
            await using var host = await BenchmarkHost.CreateAsync(storage, new Dictionary<string, string?>(), start: false, ct);
            var blob = await UploadAsync(host, storage, "mem", settings.MemoryRows, ct);
            var gcPauseBefore = GC.GetTotalPauseDuration();
            TimeSpan elapsed;
            var memory = MemorySampler.Start();
            await using (memory)
            {
                elapsed = await IngestAsync(host, storage, blob, ct);
            }

            using var self = Process.GetCurrentProcess();
            var peak = Math.Max(memory.PeakWorkingSetBytes, self.PeakWorkingSet64);
            failures.AddRange(await CheckQueuedAsync(host, storage, blob.OfferId, settings.MemoryRows, ct));
            measurements.Add(new Measurement(Name, $"{settings.MemoryRows:N0} rows: peak working set of the process", $"{peak / MegaByte:N0} MB",
                "< 300 MB", peak < 300L * MegaByte));
            measurements.Add(new Measurement(Name, "  working set before the ingest -> sampled peak during it",
                $"{memory.BaselineWorkingSetBytes / MegaByte:N0} -> {memory.PeakWorkingSetBytes / MegaByte:N0} MB"));
            measurements.Add(new Measurement(Name, "  managed heap before -> peak; allocated",
                $"{memory.BaselineManagedBytes / MegaByte:N0} -> {memory.PeakManagedBytes / MegaByte:N0} MB; {memory.AllocatedBytes / MegaByte:N0} MB"));
            measurements.Add(new Measurement(Name, $"  {settings.MemoryRows:N0} rows: ingest rate; GC pauses",
                $"{settings.MemoryRows / elapsed.TotalSeconds:N0} leads/s; {(GC.GetTotalPauseDuration() - gcPauseBefore).TotalSeconds:N1} s"));
            if (storage.AzuriteWorkingSet() is long azurite)
            {
                measurements.Add(new Measurement(Name, "  Azurite working set after it (separate process)", $"{azurite / MegaByte:N0} MB"));
            }
        }

        // Each measured in an Azurite of its own, so neither pays for the other's messages.
        progress($"ingest: raw enqueue of {settings.IngestRows:N0} messages, {RawParallelism} in flight");
        double rawRate;
        string rawCpu;
        await using (var storage = await BenchmarkSettings.StartStorageAsync(ct))
        {
            await RawEnqueueAsync(storage, Math.Min(settings.IngestRows, 2_000), ct);
            var cpu = CpuMeter.Start(storage);
            rawRate = settings.IngestRows / (await RawEnqueueAsync(storage, settings.IngestRows, ct)).TotalSeconds;
            rawCpu = cpu.PerItem(settings.IngestRows, "message");
        }

        progress($"ingest: {settings.IngestRows:N0} rows");
        await using (var storage = await BenchmarkSettings.StartStorageAsync(ct))
        await using (var host = await BenchmarkHost.CreateAsync(storage, new Dictionary<string, string?>(), start: false, ct))
        {
            var warmUp = Math.Min(settings.IngestRows, 2_000);
            await IngestAsync(host, storage, await UploadAsync(host, storage, "warm", warmUp, ct), ct);
            var blob = await UploadAsync(host, storage, "ingest", settings.IngestRows, ct);
            var conflictsBefore = host.Conflicts.Count;
            var cpu = CpuMeter.Start(storage);
            var elapsed = await IngestAsync(host, storage, blob, ct);
            var cpuPerLead = cpu.PerItem(settings.IngestRows, "lead");
            var conflicts = host.Conflicts.Count - conflictsBefore;
            var rate = settings.IngestRows / elapsed.TotalSeconds;
            failures.AddRange(await CheckQueuedAsync(host, storage, blob.OfferId, settings.IngestRows + warmUp, ct));

            measurements.Add(new Measurement(Name, $"{settings.IngestRows:N0} rows: CSV blob to queued messages", $"{rate:N0} leads/s ({elapsed.TotalSeconds:N1} s)"));
            measurements.Add(new Measurement(Name, "  CPU", cpuPerLead));
            measurements.Add(new Measurement(Name, $"  raw ceiling: SDK enqueue, {RawParallelism} in flight", $"{rawRate:N0} msgs/s"));
            measurements.Add(new Measurement(Name, "  CPU", rawCpu));
            measurements.Add(new Measurement(Name, "  ingest / raw ceiling", $"{rate / rawRate:P0}", ">= 50%", rate >= rawRate / 2));
            measurements.Add(new Measurement(Name, "  lead transactions re-planned after a conflict",
                $"{conflicts:N0} of {settings.IngestRows / LeadPartitionWriter.MaxLeadsPerTransaction:N0}"));
        }

        return new ScenarioResult(measurements, failures);
    }

    private sealed record UploadedBlob(string OfferId, string Name);

    private static async Task<UploadedBlob> UploadAsync(BenchmarkHost host, AzuriteFixture storage, string tag, int rows, CancellationToken ct)
    {
        var offer = await host.Services.GetRequiredService<OfferRepository>().CreateAsync(LeadGenerator.Offer("LeadFlow Benchmark"), ct);
        var path = await new LeadGenerator(tag).WriteCsvFileAsync(rows, ct);
        try
        {
            var name = $"{offer.Id}/{tag}.csv";
            await storage.CreateBlobServiceClient().GetBlobContainerClient(host.UploadsContainer).GetBlobClient(name).UploadAsync(path, overwrite: true, ct);
            return new UploadedBlob(offer.Id, name);
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>The blob trigger's work, then the ingest queue's (<see cref="IngestDrain"/>), in this process.</summary>
    private static async Task<TimeSpan> IngestAsync(BenchmarkHost host, AzuriteFixture storage, UploadedBlob blob, CancellationToken ct)
    {
        var client = host.Services.GetRequiredService<Azure.Storage.Blobs.BlobServiceClient>()
            .GetBlobContainerClient(host.UploadsContainer).GetBlobClient(blob.Name);
        var clock = Stopwatch.StartNew();
        await host.Services.GetRequiredService<BatchIngestor>().IngestAsync(client, blob.Name, ct);
        var batch = (await host.Services.GetRequiredService<BatchRepository>().ListAsync(blob.OfferId, after: null, pageSize: 2, ct)).Batches.Single();
        await IngestDrain.RunAsync(host, storage, batch.BatchId, ct);
        return clock.Elapsed;
    }

    /// <summary>The batch was ingested whole, and the scoring queue holds one message per lead.</summary>
    private static async Task<IReadOnlyList<string>> CheckQueuedAsync(
        BenchmarkHost host, AzuriteFixture storage, string offerId, int expectedMessages, CancellationToken ct)
    {
        var problems = new List<string>();
        var batch = (await host.Services.GetRequiredService<BatchRepository>().ListAsync(offerId, after: null, pageSize: 2, ct)).Batches.Single();
        if (batch.Status != BatchStatus.Scoring || batch.RowsAccepted != batch.RowsTotal)
        {
            problems.Add($"ingest batch {batch.BatchId} is {batch.Status} with {batch.RowsAccepted} of {batch.RowsTotal} rows accepted ({batch.FailureReason})");
        }

        var queued = (await storage.CreateQueueServiceClient().GetQueueClient(host.ScoringQueue).GetPropertiesAsync(ct)).Value.ApproximateMessagesCount;
        if (queued != expectedMessages)
        {
            problems.Add($"{queued} scoring messages queued, expected {expectedMessages}");
        }

        return problems;
    }

    /// <summary>A scoring message for the raw ceilings: the ids alone, without the copy of the lead the app's messages carry.</summary>
    public static string RawMessage(int index) => JsonSerializer.Serialize(
        new ScoreLeadMessage("0123456789abcdef", $"0123456789abcdef-{index:x32}", "b0123456789abcdef0123456789abcde"), JsonDefaults.Options);

    /// <summary>Sends <paramref name="count"/> scoring messages like ingest's, to a queue of their own, as fast as the SDK can.</summary>
    private static async Task<TimeSpan> RawEnqueueAsync(AzuriteFixture storage, int count, CancellationToken ct)
    {
        var queue = storage.CreateQueueServiceClient().GetQueueClient($"bench-raw-{Guid.NewGuid():N}"[..40]);
        await queue.CreateAsync(cancellationToken: ct);
        try
        {
            var clock = Stopwatch.StartNew();
            await Parallel.ForEachAsync(
                Enumerable.Range(0, count),
                new ParallelOptions { MaxDegreeOfParallelism = RawParallelism, CancellationToken = ct },
                async (i, token) => await queue.SendMessageAsync(RawMessage(i), token));
            return clock.Elapsed;
        }
        finally
        {
            // A private Azurite is thrown away whole; an account named by the environment keeps nothing of the run.
            if (!storage.IsPrivate)
            {
                await queue.DeleteIfExistsAsync(CancellationToken.None);
            }
        }
    }
}
