using System.Collections.Concurrent;
using System.Diagnostics;
using LeadFunctions.LocalHost;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.Benchmarks.Scenarios;

/// <summary>
/// Big files through a running host, scoring switched off (<c>AzureWebJobs.ScoreLead.Disabled</c>) and
/// <c>functionTimeout</c> at 5 minutes (or <c>AzureFunctionsJobHost__functionTimeout</c>): the file is dropped into the uploads container and ingested in segments by the
/// queue trigger. Every row must be accounted for, no invocation may come near the timeout (a run past it would stop
/// the host), and the host process's peak working set is watched (goal: under 300 MB).
/// </summary>
public static class SegmentsScenario
{
    public const string Name = "Segments";

    /// <summary>The host's <c>functionTimeout</c>: <c>AzureFunctionsJobHost__functionTimeout</c> when it is set, else 5 minutes.</summary>
    private static readonly TimeSpan FunctionTimeout =
        Environment.GetEnvironmentVariable("AzureFunctionsJobHost__functionTimeout") is { } set
        && TimeSpan.TryParse(set, System.Globalization.CultureInfo.InvariantCulture, out var timeout) && timeout > TimeSpan.Zero
            ? timeout
            : TimeSpan.FromMinutes(5);

    private static readonly TimeSpan Limit = TimeSpan.FromHours(3);

    private const int MegaByte = 1024 * 1024;

    public static async Task<ScenarioResult> RunAsync(BenchmarkSettings settings, Action<string> progress, CancellationToken ct)
    {
        var measurements = new List<Measurement>();
        var failures = new List<string>();
        foreach (var rows in settings.SegmentRows)
        {
            progress($"segments: {rows:N0} rows through a running host, scoring off, functionTimeout {FunctionTimeout}");
            await using var storage = await BenchmarkSettings.StartStorageAsync(ct);
            var durations = new InvocationDurations();
#pragma warning disable CS0618 // WebJobs marks invocation filters as preview; this one only times invocations.
            await using var host = await BenchmarkHost.CreateAsync(storage, new Dictionary<string, string?>
            {
                ["AzureWebJobs.ScoreLead.Disabled"] = "true",
                ["AzureFunctionsJobHost:functionTimeout"] = FunctionTimeout.ToString(),
            }, start: true, ct, services => services.AddSingleton<IFunctionFilter>(durations));
#pragma warning restore CS0618

            var offer = await host.Services.GetRequiredService<OfferRepository>().CreateAsync(LeadGenerator.Offer("LeadFlow Benchmark"), ct);
            var path = await new LeadGenerator("segments").WriteCsvFileAsync(rows, ct);
            var name = $"{offer.Id}/segments.csv";
            var memory = MemorySampler.Start();
            var clock = Stopwatch.StartNew();
            Azure.ETag etag;
            try
            {
                etag = (await storage.CreateBlobServiceClient().GetBlobContainerClient(host.UploadsContainer).GetBlobClient(name).UploadAsync(path, overwrite: true, ct)).Value.ETag;
            }
            finally
            {
                File.Delete(path);
            }

            var batchId = BatchIds.ForBlob(host.UploadsContainer, name, etag);
            var batches = host.Services.GetRequiredService<BatchRepository>();
            var (batch, partway) = await WaitAsync(batches, batchId, rows, ct);
            var elapsed = clock.Elapsed;
            await memory.StopAsync();

            if (batch is not { Status: BatchStatus.Scoring } || batch.RowsTotal != rows || batch.RowsAccepted != rows || batch.RowsRejected != 0 || batch.Duplicates != 0)
            {
                failures.Add($"{rows:N0} rows: batch {batchId} is {batch?.Status ?? "missing"} with {batch?.RowsTotal} rows, {batch?.RowsAccepted} accepted ({batch?.FailureReason})");
            }

            if (host.Services.GetRequiredService<HostFaultHandler>().Fault is { } fault)
            {
                failures.Add($"{rows:N0} rows: the host stopped: {fault.Message}");
            }

            var longest = durations.Longest();
            measurements.Add(new Measurement(Name, $"{rows:N0} rows: blob written to batch ingested", $"{rows / elapsed.TotalSeconds:N0} rows/s ({elapsed.TotalSeconds:N0} s)"));
            measurements.Add(new Measurement(Name, "  ingest runs (planning steps and segments); the longest",
                $"{durations.Count("IngestSegment"):N0}; {longest.Name} {longest.Duration.TotalSeconds:N1} s",
                $"< {FunctionTimeout.TotalMinutes:N0} min", longest.Duration < FunctionTimeout));
            measurements.Add(new Measurement(Name, "  status polls that saw rows read part-way", $"{partway:N0}"));
            var peak = memory.PeakWorkingSetBytes;
            measurements.Add(new Measurement(Name, "  peak working set of the host process", $"{peak / MegaByte:N0} MB", "< 300 MB", peak < 300L * MegaByte));
            if (storage.AzuriteWorkingSet() is long azurite)
            {
                measurements.Add(new Measurement(Name, "  Azurite working set after it (separate process)", $"{azurite / MegaByte:N0} MB"));
            }
        }

        return new ScenarioResult(measurements, failures);
    }

    /// <summary>Polls the batch header until it leaves <c>ingesting</c>; counts the polls that saw rows read part-way.</summary>
    private static async Task<(BatchEntity? Batch, int Partway)> WaitAsync(BatchRepository batches, string batchId, int rows, CancellationToken ct)
    {
        var deadline = Stopwatch.StartNew();
        var partway = 0;
        while (deadline.Elapsed < Limit)
        {
            var batch = await batches.GetAsync(batchId, ct);
            if (batch is { Status: not BatchStatus.Ingesting })
            {
                return (batch, partway);
            }

            partway += batch is { RowsTotal: > 0 } && batch.RowsTotal < rows ? 1 : 0;
            await Task.Delay(TimeSpan.FromSeconds(2), ct);
        }

        return (await batches.GetAsync(batchId, ct), partway);
    }

#pragma warning disable CS0618 // WebJobs marks invocation filters as preview; this only times invocations.
    /// <summary>How long each trigger invocation ran, by function.</summary>
    private sealed class InvocationDurations : IFunctionInvocationFilter
    {
        private readonly ConcurrentDictionary<Guid, long> _started = new();
        private readonly ConcurrentBag<(string Name, TimeSpan Duration)> _runs = [];

        public Task OnExecutingAsync(FunctionExecutingContext executingContext, CancellationToken cancellationToken)
        {
            _started[executingContext.FunctionInstanceId] = Stopwatch.GetTimestamp();
            return Task.CompletedTask;
        }

        public Task OnExecutedAsync(FunctionExecutedContext executedContext, CancellationToken cancellationToken)
        {
            if (_started.TryRemove(executedContext.FunctionInstanceId, out var started))
            {
                _runs.Add((executedContext.FunctionName, Stopwatch.GetElapsedTime(started)));
            }

            return Task.CompletedTask;
        }

        public int Count(string functionName) => _runs.Count(r => r.Name == functionName);

        public (string Name, TimeSpan Duration) Longest() => _runs.IsEmpty ? ("none", TimeSpan.Zero) : _runs.MaxBy(r => r.Duration);
    }
#pragma warning restore CS0618
}
