using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Data.Tables;
namespace LeadFunctions.IntegrationTests.Faults;

/// <summary>A batch that passed <see cref="BatchGuarantees.AssertSettledAsync"/>: its view and its leads as the API lists them.</summary>
public sealed record SettledBatch(JsonObject Batch, IReadOnlyList<JsonObject> Leads)
{
    public IEnumerable<string?> ScoringMethods => Leads.Select(l => l["score_breakdown"]?["scoring_method"]?.GetValue<string>());
}

/// <summary>
/// docs/guarantees.md for one finished batch, checked through the API and against the storage underneath: every accepted row is
/// exactly one lead, <c>scored</c> or <c>failed</c> with a reason; the counters add up and say <c>completed</c>; the
/// poison queue is empty or each message in it is a lead recorded as failed. The offer must hold only this batch.
/// </summary>
public static class BatchGuarantees
{
    private static readonly TimeSpan PoisonDrainTimeout = TimeSpan.FromSeconds(30);

    public static async Task<SettledBatch> AssertSettledAsync(LeadApi api, PipelineNames names, string offerId, string batchId, long expectedAccepted)
    {
        var batch = await api.GetBatchAsync(batchId);
        var accepted = LeadApi.Number(batch, "rows_accepted");
        var scored = LeadApi.Number(batch, "scored");
        var failed = LeadApi.Number(batch, "failed");
        var byIntent = batch["by_intent"]!;
        BatchInvariants.AssertCompleted(batch);
        Assert.Equal(expectedAccepted, accepted);

        var (count, leads) = await api.ReadLeadsAsync(batchId);
        Assert.Equal(accepted, count);
        Assert.Equal(accepted, leads.Count);
        Assert.Equal(leads.Count, leads.Select(l => Text(l, "id")).Distinct(StringComparer.Ordinal).Count());
        foreach (var lead in leads)
        {
            AssertSettled(lead);
        }

        Assert.Equal(failed, leads.Count(l => Text(l, "status") == LeadStatus.Failed));
        foreach (var intent in new[] { "High", "Medium", "Low" })
        {
            Assert.Equal(LeadApi.Number(byIntent, intent), leads.Count(l => Text(l, "status") == LeadStatus.Scored && Text(l, "intent") == intent));
        }

        await AssertStorageAsync(names, offerId, batchId, leads);
        await AssertPoisonAccountedAsync(names, leads);
        return new SettledBatch(batch, leads);
    }

    private static void AssertSettled(JsonObject lead)
    {
        switch (Text(lead, "status"))
        {
            case LeadStatus.Scored:
                Assert.InRange(lead["score"]!.GetValue<int>(), 0, 100);
                Assert.Contains(Text(lead, "intent"), new[] { "High", "Medium", "Low" });
                Assert.False(string.IsNullOrWhiteSpace(Text(lead, "reasoning")));
                Assert.NotNull(lead["score_breakdown"]?["scoring_method"]);
                break;
            case LeadStatus.Failed:
                Assert.False(string.IsNullOrWhiteSpace(Text(lead, "reasoning")), $"lead {Text(lead, "id")} failed without a reason");
                break;
            default:
                Assert.Fail($"lead {Text(lead, "id")} is {Text(lead, "status")}, neither scored nor failed");
                break;
        }
    }

    /// <summary>One lead record, one index entry and one settled marker per lead; the batch's tallies count each once.</summary>
    private static async Task AssertStorageAsync(PipelineNames names, string offerId, string batchId, IReadOnlyList<JsonObject> leads)
    {
        var rows = new List<TableEntity>();
        await foreach (var row in names.Table(LeadTables.Leads).QueryAsync<TableEntity>(LeadPartitions.AnyPartitionFilter(offerId)))
        {
            rows.Add(row);
        }

        var ids = leads.Select(l => Text(l, "id")).ToHashSet(StringComparer.Ordinal);
        var records = rows.Where(r => r.RowKey.StartsWith(LeadKeys.LeadPrefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(ids.Count, records.Count);
        Assert.All(records, r => Assert.Equal(batchId, r.GetString("BatchId")));
        Assert.True(ids.SetEquals(records.Select(r => r.GetString("Id"))), "stored lead records differ from the leads the API lists");
        Assert.DoesNotContain(records, r => r.GetString("Status") == LeadStatus.Queued);

        var index = rows.Where(r => r.RowKey.StartsWith(LeadKeys.IndexPrefix, StringComparison.Ordinal)).ToList();
        Assert.Equal(ids.Count, index.Count);
        Assert.True(ids.SetEquals(index.Select(r => r.GetString("Id"))), "index entries differ from the lead records");

        var markers = rows.Where(r => r.RowKey.StartsWith($"{LeadKeys.MarkerPrefix}{batchId}-", StringComparison.Ordinal)).ToList();
        Assert.Equal(ids.Count, markers.Count);
        Assert.DoesNotContain(markers, m => m.GetString("State") == MarkerStates.Queued);

        var tallied = rows.Where(r => r.RowKey.StartsWith(LeadKeys.BatchTallyPrefixFor(batchId), StringComparison.Ordinal))
            .SelectMany(r => r.Where(p => p.Value is long or int).Select(p => (Bucket: p.Key, Count: Convert.ToInt64(p.Value, System.Globalization.CultureInfo.InvariantCulture))))
            .ToList();
        Assert.Equal(ids.Count, tallied.Sum(t => t.Count));
        Assert.Equal(0, tallied.Where(t => t.Bucket == "Queued").Sum(t => t.Count));
    }

    /// <summary>The poison queue drains into failed leads; whatever is still in it must name a lead recorded as failed.</summary>
    private static async Task AssertPoisonAccountedAsync(PipelineNames names, IReadOnlyList<JsonObject> leads)
    {
        var poison = names.Queue(names.PoisonQueue);
        if (!(await poison.ExistsAsync()).Value)
        {
            return;
        }

        var deadline = DateTime.UtcNow + PoisonDrainTimeout;
        while ((await poison.GetPropertiesAsync()).Value.ApproximateMessagesCount > 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(500);
        }

        var failed = leads.Where(l => Text(l, "status") == LeadStatus.Failed).Select(l => Text(l, "id")).ToHashSet(StringComparer.Ordinal);
        foreach (var message in (await poison.PeekMessagesAsync(32)).Value)
        {
            var leadId = JsonDocument.Parse(message.Body).RootElement.TryGetProperty("lead_id", out var id) ? id.GetString() : null;
            Assert.True(leadId is not null && failed.Contains(leadId), $"poison message {message.MessageText} is not a lead recorded as failed");
        }
    }

    private static string? Text(JsonObject lead, string name) => lead[name]?.GetValue<string>();
}
