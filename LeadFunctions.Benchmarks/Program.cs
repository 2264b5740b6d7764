using System.Diagnostics;
using LeadFunctions.Benchmarks;
using LeadFunctions.Benchmarks.Scenarios;

var (settings, error) = BenchmarkSettings.Parse(args);
if (settings is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(BenchmarkSettings.Usage);
    return 2;
}

using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

var ct = cancel.Token;
var started = DateTimeOffset.UtcNow;
var loadAtStart = MachineFacts.LoadAverage();
var clock = Stopwatch.StartNew();
void Progress(string message) => Console.WriteLine($"[{clock.Elapsed:mm\\:ss}] {message}");

var measurements = new List<Measurement>();
var failures = new List<string>();
await using (var storage = await BenchmarkStorage.StartAsync(ct))
{
    Progress($"storage: {storage.Description}; load average {loadAtStart ?? "unknown"}");
    foreach (var scenario in settings.Scenarios)
    {
        var result = scenario switch
        {
            "ingest" => await IngestScenario.RunAsync(storage, settings, Progress, ct),
            "pipeline" => await PipelineScenario.RunAsync(storage, settings, Progress, ct),
            "rate" => await RateLimitScenario.RunAsync(storage, settings, Progress, ct),
            "results" => await ResultsScenario.RunAsync(storage, settings, Progress, ct),
            _ => throw new InvalidOperationException($"Unknown scenario {scenario}."),
        };
        measurements.AddRange(result.Measurements);
        failures.AddRange(result.IntegrityFailures.Select(f => $"{scenario}: {f}"));
    }

    Console.WriteLine();
    Console.WriteLine(BenchmarkReport.ConsoleTable(measurements));
    if (settings.Output is not null)
    {
        var command = "dotnet run -c Release --project LeadFunctions.Benchmarks -- " + string.Join(' ', args);
        var run = new BenchmarkReport.RunContext(
            MachineFacts.Current(), storage.Description, command, started, clock.Elapsed, loadAtStart, MachineFacts.LoadAverage());
        var section = BenchmarkReport.Markdown(measurements, run);
        await BenchmarkReport.WriteAsync(settings.Output, section, ct);
        Console.WriteLine($"Figures written to {settings.Output}.");
    }
}

if (failures.Count > 0)
{
    Console.Error.WriteLine("Data integrity FAILED:");
    failures.ForEach(f => Console.Error.WriteLine("  " + f));
    return 1;
}

Console.WriteLine(settings.Smoke ? "Smoke run passed: no lead lost or duplicated." : "No lead lost or duplicated.");
return 0;
