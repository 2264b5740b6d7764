using Xunit.Abstractions;

namespace LeadFunctions.IntegrationTests.Csv;

/// <summary>Memory is process-wide, so these tests run alone.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurementCollection
{
    public const string Name = "Memory measurements";
}

[Collection(MemoryMeasurementCollection.Name)]
public class LeadCsvScaleTests(ITestOutputHelper output)
{
    private const int Mebibyte = 1024 * 1024;
    private static readonly string Filler = new('x', 120);

    [Fact]
    public async Task Two_hundred_thousand_generated_rows_are_counted_with_flat_memory()
    {
        const int rows = 200_000;
        var lines = new[] { CsvCorpus.Header }.Concat(Enumerable.Range(0, rows).Select(GeneratedRow));
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        long peakLive = 0, peakHeap = 0;
        int accepted = 0, rejected = 0, duplicates = 0;
        var detector = new LeadDuplicateDetector();

        using (var reader = await LeadCsvReader.OpenAsync(LazyAsyncStream.OfLines(lines)))
        {
            await foreach (var row in reader.ReadRowsAsync())
            {
                if (!row.IsAccepted)
                {
                    rejected++;
                }
                else if (!detector.TryAdd(row.Lead))
                {
                    duplicates++;
                }
                else
                {
                    accepted++;
                }

                var count = accepted + rejected + duplicates;
                if (count % 10_000 == 0)
                {
                    peakHeap = Math.Max(peakHeap, GC.GetGCMemoryInfo().HeapSizeBytes);
                }

                if (count % 50_000 == 0)
                {
                    peakLive = Math.Max(peakLive, GC.GetTotalMemory(forceFullCollection: true) - baseline);
                }
            }

            Assert.Equal(new CsvReadSummary(rows, rows - rejected, rejected), reader.Summary);
        }

        output.WriteLine($"rows {rows:N0}: accepted {accepted:N0}, rejected {rejected:N0}, duplicates {duplicates:N0}, distinct leads {detector.Count:N0}");
        output.WriteLine($"peak live managed memory above baseline {peakLive / (double)Mebibyte:N1} MiB; peak GC heap incl. garbage {peakHeap / (double)Mebibyte:N1} MiB");
        Assert.Equal((rows / 1000, rows / 10), (rejected, duplicates));
        Assert.Equal(rows - rejected - duplicates, accepted);

        // The file is about 40 MB of UTF-8 (80 MB as .NET strings); holding it, or its rows, could not fit in this.
        Assert.InRange(peakLive, 0, 32L * Mebibyte);
    }

    [Fact]
    public void A_million_distinct_leads_fit_well_under_300_MB()
    {
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var detector = new LeadDuplicateDetector();

        // Distinct 128-bit values, as LeadIdentity.Hash gives; hashing a million names is CPU time, not memory.
        for (var i = 0; i < 1_000_000; i++)
        {
            detector.TryAdd(((UInt128)(uint)i << 64) | (uint)(i * 2_654_435_761L));
        }

        var used = GC.GetTotalMemory(forceFullCollection: true) - baseline;
        output.WriteLine($"1,000,000 distinct leads: {used / (double)Mebibyte:N1} MiB");
        Assert.Equal(1_000_000, detector.Count);
        Assert.InRange(used, 0, 150L * Mebibyte);
        GC.KeepAlive(detector);
    }

    /// <summary>Row i: every 1000th has no name and no company; every 10th repeats the lead before it in other case and spacing.</summary>
    private static string GeneratedRow(int i) => (i % 1000, i % 10) switch
    {
        (999, _) => ",Analyst,,SaaS,Pune,no identity",
        (_, 5) => $"person  {i - 1},CTO, COMPANY {i - 1} ,SaaS,Pune,repeat",
        _ => $"Person {i},Head of Growth,Company {i},B2B SaaS,Mumbai,\"Scaling growth, row {i} {Filler}\"",
    };
}
