using System.Diagnostics;
using LeadFunctions.Benchmarks;
using LeadFunctions.Benchmarks.Scenarios;

if (args.Contains("--help") || args.Contains("-h"))
{
    Console.WriteLine(BenchmarkSettings.Usage);
    return 0;
}

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
Progress($"storage: {BenchmarkSettings.StorageDescription}; load average {loadAtStart ?? "unknown"}");
foreach (var scenario in settings.Scenarios)
{
    var result = scenario switch
    {
        "ingest" => await IngestScenario.RunAsync(settings, Progress, ct),
        "segments" => await SegmentsScenario.RunAsync(settings, Progress, ct),
        "pipeline" => await PipelineScenario.RunAsync(settings, Progress, ct),
        "rate" => await RateLimitScenario.RunAsync(settings, Progress, ct),
        "results" => await ResultsScenario.RunAsync(settings, Progress, ct),
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
        MachineFacts.Current(), BenchmarkSettings.StorageDescription, command, started, clock.Elapsed, loadAtStart, MachineFacts.LoadAverage());
    // A run of some scenarios keeps the others' figures (and the lines saying when they were taken).
    var previous = settings.Scenarios.Count < BenchmarkSettings.AllScenarios.Count ? await BenchmarkReport.ReadSectionAsync(settings.Output, ct) : null;
    await BenchmarkReport.WriteAsync(settings.Output, BenchmarkReport.Markdown(measurements, run, previous), ct);
    Console.WriteLine($"Figures written to {settings.Output}.");
}

if (failures.Count > 0)
{
    Console.Error.WriteLine("Data integrity FAILED:");
    failures.ForEach(f => Console.Error.WriteLine("  " + f));
    return 1;
}

Console.WriteLine(settings.Smoke ? "Smoke run passed: no lead lost or duplicated." : "No lead lost or duplicated.");
return 0;
