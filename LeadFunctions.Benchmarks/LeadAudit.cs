using Azure.Data.Tables;
namespace LeadFunctions.Benchmarks;

/// <summary>
/// Checks a finished batch against the CSV it came from, through the API and in the table itself: every accepted row
/// is exactly one lead, scored, listed once, and counted once.
/// </summary>
public static class LeadAudit
{
    /// <summary>
    /// Problems found (empty when the batch is whole), how many leads were scored by each method, and when (from the
    /// leads' own <c>created_at</c> and <c>scored_at</c>) the first and last lead were stored and the last was scored.
    /// </summary>
    public sealed record Findings(
        IReadOnlyList<string> Problems, IReadOnlyDictionary<string, int> ByMethod, DateTimeOffset? FirstStored, DateTimeOffset? LastStored, DateTimeOffset? LastScored);

    public static async Task<Findings> CheckAsync(
        BenchmarkHost host, AzuriteFixture storage, string offerId, PipelineRun.Outcome run, string tag, int expected, CancellationToken ct)
    {
        var problems = new List<string>();
        var batch = run.Batch;
        var accepted = batch["rows_accepted"]!.GetValue<long>();
        var scored = batch["scored"]!.GetValue<long>();
        var failed = batch["failed"]!.GetValue<long>();
        if (run.Status != "completed")
        {
            problems.Add($"batch {run.BatchId} is {run.Status} after {run.Elapsed.TotalSeconds:0} s, not completed ({scored} of {accepted} scored)");
        }

        if (accepted != expected)
        {
            problems.Add($"{accepted} rows accepted of {expected} distinct rows uploaded");
        }

        if (failed != 0 || scored != accepted)
        {
            problems.Add($"batch counts {scored} scored and {failed} failed for {accepted} accepted");
        }

        // Companies identify the generated leads (names repeat).
        var companies = new Dictionary<string, int>(StringComparer.Ordinal);
        var byMethod = new Dictionary<string, int>(StringComparer.Ordinal);
        var notScored = 0;
        DateTimeOffset? firstStored = null, lastStored = null, lastScored = null;
        long? count = null;
        var url = $"/api/leads/results?batch_id={run.BatchId}&page_size=1000";
        for (var page = 0; url is not null && page <= expected / 1000 + 5; page++)
        {
            var body = await PipelineRun.GetJsonAsync(host, url, ct);
            count ??= body["count"]!.GetValue<long>();
            foreach (var lead in body["results"]!.AsArray())
            {
                var company = lead!["company"]!.GetValue<string>();
                companies[company] = companies.GetValueOrDefault(company) + 1;
                if (lead["status"]!.GetValue<string>() != "scored")
                {
                    notScored++;
                }

                var method = lead["score_breakdown"]?["scoring_method"]?.GetValue<string>() ?? "(none)";
                byMethod[method] = byMethod.GetValueOrDefault(method) + 1;
                var created = lead["created_at"]!.GetValue<DateTimeOffset>();
                firstStored = created < firstStored || firstStored is null ? created : firstStored;
                lastStored = created > lastStored || lastStored is null ? created : lastStored;
                if (lead["scored_at"]?.GetValue<DateTimeOffset>() is { } scoredAt && (scoredAt > lastScored || lastScored is null))
                {
                    lastScored = scoredAt;
                }
            }

            url = body["next"]?.GetValue<string>();
        }

        var generator = new LeadGenerator(tag);
        var lost = Enumerable.Range(0, expected).Select(i => generator.Lead(i).Fields.Company).Where(c => !companies.ContainsKey(c)).ToList();
        if (lost.Count > 0)
        {
            problems.Add($"{lost.Count} leads lost, e.g. {string.Join(", ", lost.Take(3))}");
        }

        var repeated = companies.Count(n => n.Value > 1);
        if (repeated > 0)
        {
            problems.Add($"{repeated} leads listed more than once");
        }

        if (companies.Count > expected)
        {
            problems.Add($"{companies.Count - expected} leads listed that were not uploaded");
        }

        if (notScored > 0)
        {
            problems.Add($"{notScored} leads listed but not scored");
        }

        if (count != expected)
        {
            problems.Add($"results count says {count}, expected {expected}");
        }

        var stored = await CountStoredLeadsAsync(storage, host.TablePrefix, offerId, ct);
        if (stored != expected)
        {
            problems.Add($"{stored} lead records stored, expected {expected}");
        }

        return new Findings(problems, byMethod, firstStored, lastStored, lastScored);
    }

    /// <summary>The lead records of an offer in the table, whatever the index and tallies say.</summary>
    private static async Task<int> CountStoredLeadsAsync(AzuriteFixture storage, string tablePrefix, string offerId, CancellationToken ct)
    {
        var table = storage.CreateTableServiceClient().GetTableClient(tablePrefix + LeadTables.Leads);
        var filter = LeadPartitions.AnyPartitionFilter(offerId)
            + TableClient.CreateQueryFilter($" and RowKey ge {LeadKeys.LeadPrefix} and RowKey lt {LeadKeys.PrefixEnd(LeadKeys.LeadPrefix)}");
        var count = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(filter, select: ["RowKey"], cancellationToken: ct))
        {
            count++;
        }

        return count;
    }
}
