using System.Globalization;

namespace LeadFunctions.Benchmarks;

/// <summary>
/// What to run and how big, from the command line. <c>--all</c> runs every scenario at full size and writes
/// docs/benchmarks.md; <c>--smoke</c> runs every scenario small (CI); each size can be set on its own.
/// </summary>
public sealed record BenchmarkSettings
{
    /// <summary>Holds a connection string to run on that account instead of a private Azurite.</summary>
    public const string StorageEnvironmentVariable = "LEADFUNCTIONS_BENCH_STORAGE";

    /// <summary>A million leads are several GB of entities in Azurite's memory, above node's default heap limit.</summary>
    private const string NodeHeapOption = "--max-old-space-size=12288";

    /// <summary>What the scenarios run on, for the report.</summary>
    public static string StorageDescription => AzuriteFixture.Describe(StorageEnvironmentVariable) + ", a fresh one per scenario";

    public static readonly IReadOnlyList<string> AllScenarios = ["ingest", "segments", "pipeline", "rate", "results"];

    public bool Smoke { get; init; }

    public IReadOnlyList<string> Scenarios { get; init; } = AllScenarios;

    /// <summary>Rows of the CSV whose ingest is timed against the raw enqueue ceiling.</summary>
    public int IngestRows { get; init; } = 100_000;

    /// <summary>Rows of the CSV whose ingest is watched for peak working set; 0 skips it.</summary>
    public int MemoryRows { get; init; } = 1_000_000;

    /// <summary>Rows of each file the segments scenario uploads to a running host (scoring off); the first is timed, all watched.</summary>
    public IReadOnlyList<int> SegmentRows { get; init; } = [100_000, 1_000_000];

    /// <summary>Leads of the end-to-end pipeline runs (hybrid and rules-only).</summary>
    public int PipelineLeads { get; init; } = 2_000;

    /// <summary>Runs only the pipeline scenario's AI-off half (warm-up, AI-off batch, raw ceiling): a large AI-off run without its AI-on hour.</summary>
    public bool PipelineAiOffOnly { get; init; }

    /// <summary>Leads scored one after another for the sequential baseline.</summary>
    public int BaselineLeads { get; init; } = 40;

    /// <summary>Latency of every fake AI call.</summary>
    public int AiLatencyMs { get; init; } = 200;

    /// <summary>Leads scored under the AI budget of <see cref="RateRpm"/>.</summary>
    public int RateLeads { get; init; } = 1_200;

    /// <summary><c>Ai:MaxRequestsPerMinute</c>, and the quota the fake AI enforces, in the rate scenario.</summary>
    public int RateRpm { get; init; } = 600;

    /// <summary>Scored leads seeded before the result pages are timed.</summary>
    public int ResultsLeads { get; init; } = 100_000;

    /// <summary>Timed requests per result-page measurement.</summary>
    public int Requests { get; init; } = 50;

    /// <summary>Where the report goes (a section of it is replaced); null writes none.</summary>
    public string? Output { get; init; }

    public static BenchmarkSettings Full => new() { Output = Path.Combine("docs", "benchmarks.md") };

    public static BenchmarkSettings SmokeSizes => new()
    {
        Smoke = true,
        IngestRows = 2_000,
        MemoryRows = 20_000,
        SegmentRows = [5_000],
        PipelineLeads = 200,
        BaselineLeads = 5,
        RateLeads = 60,
        ResultsLeads = 2_000,
        Requests = 20,
    };

    /// <summary>The storage one scenario runs on (<see cref="AzuriteFixture"/>), disposed when the scenario is done.</summary>
    /// <remarks>
    /// One Azurite per scenario rather than one for the run: Azurite frees a deleted queue's messages in one synchronous
    /// sweep that is quadratic in their number, which stalls every request for minutes after a scenario that queued
    /// 100,000 messages. Throwing the process away costs nothing.
    /// </remarks>
    public static Task<AzuriteFixture> StartStorageAsync(CancellationToken ct)
    {
        if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("NODE_OPTIONS")))
        {
            // Azurite inherits it; the launcher keeps no environment of its own.
            Environment.SetEnvironmentVariable("NODE_OPTIONS", NodeHeapOption);
        }

        return AzuriteFixture.StartAsync(StorageEnvironmentVariable, ct);
    }

    public const string Usage = """
        Usage: dotnet run -c Release --project LeadFunctions.Benchmarks -- (--all | --smoke) [options]
          --all                 every scenario at full size; writes docs/benchmarks.md
          --smoke               every scenario at small size (about a minute); writes no report
          --scenario NAMES      only these, comma-separated: ingest, segments, pipeline, rate, results
          --ingest-rows N       CSV rows timed against the raw enqueue ceiling (100000)
          --memory-rows N       CSV rows watched for peak working set, 0 to skip (1000000)
          --segment-rows N      CSV rows the segments scenario uploads to a running host (100000, then 1000000);
                                its host's functionTimeout is AzureFunctionsJobHost__functionTimeout if set, else 00:05:00
          --pipeline-leads N    leads of each end-to-end run (2000)
          --pipeline-ai-off-only  the pipeline scenario without its sequential baseline and AI-on batch
          --baseline-leads N    leads of the sequential baseline (40)
          --ai-latency-ms N     fake AI latency per call (200)
          --rate-leads N        leads scored under the AI budget by 3 host processes (1200)
          --rate-rpm N          Ai:MaxRequestsPerMinute (for the app) and the fake's quota (600)
          --results-leads N     scored leads seeded for the result pages (100000)
          --requests N          timed requests per page measurement (50)
          --output PATH         report file (docs/benchmarks.md with --all); --no-output for none
        Storage: a private in-memory Azurite from node_modules (run npm ci first), or the account in
        LEADFUNCTIONS_BENCH_STORAGE.
        """;

    /// <summary>The settings the arguments ask for, or an error message.</summary>
    public static (BenchmarkSettings? Settings, string? Error) Parse(IReadOnlyList<string> args)
    {
        if (args.Contains("--smoke") == args.Contains("--all"))
        {
            return (null, "Say --all or --smoke (one of them).");
        }

        var settings = args.Contains("--smoke") ? SmokeSizes : Full;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is "--all" or "--smoke")
            {
                continue;
            }

            if (name == "--no-output")
            {
                settings = settings with { Output = null };
                continue;
            }

            if (name == "--pipeline-ai-off-only")
            {
                settings = settings with { PipelineAiOffOnly = true };
                continue;
            }

            if (i + 1 >= args.Count)
            {
                return (null, $"{name} needs a value.");
            }

            var value = args[++i];
            if (name == "--output")
            {
                settings = settings with { Output = value };
                continue;
            }

            if (name == "--scenario")
            {
                var chosen = value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var unknown = chosen.Except(AllScenarios).ToList();
                if (chosen.Length == 0 || unknown.Count > 0)
                {
                    return (null, $"Unknown scenario '{string.Join(", ", unknown)}'; choose from {string.Join(", ", AllScenarios)}.");
                }

                settings = settings with { Scenarios = AllScenarios.Where(chosen.Contains).ToList() };
                continue;
            }

            if (!int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return (null, $"{name} takes a whole number, not '{value}'.");
            }

            BenchmarkSettings? sized = name switch
            {
                "--ingest-rows" when number > 0 => settings with { IngestRows = number },
                "--memory-rows" => settings with { MemoryRows = number },
                "--segment-rows" when number > 0 => settings with { SegmentRows = [number] },
                "--pipeline-leads" when number > 0 => settings with { PipelineLeads = number },
                "--baseline-leads" when number > 0 => settings with { BaselineLeads = number },
                "--ai-latency-ms" => settings with { AiLatencyMs = number },
                "--rate-leads" when number > 1 => settings with { RateLeads = number },
                "--rate-rpm" when number > 0 => settings with { RateRpm = number },
                "--results-leads" when number > 0 => settings with { ResultsLeads = number },
                "--requests" when number > 0 => settings with { Requests = number },
                _ => null,
            };
            if (sized is null)
            {
                return (null, $"Unknown option {name}, or {value} is out of its range.");
            }

            settings = sized;
        }

        return (settings, null);
    }
}
