using System.Text.Json;
using System.Text.Json.Nodes;
namespace LeadFunctions.Testing;

/// <summary>The tests' one check of a batch's counters (docs/guarantees.md#counters), on the API's answer.</summary>
public static class BatchInvariants
{
    /// <summary>rows_total = accepted + rejected + duplicates; every accepted lead settled once (scored or failed); intents sum to scored.</summary>
    public static void AssertCountersAddUp(BatchResponse batch)
    {
        Assert.Equal(batch.RowsTotal, batch.RowsAccepted + batch.RowsRejected + batch.Duplicates);
        Assert.Equal(batch.RowsAccepted, batch.Scored + batch.Failed);
        Assert.Equal(batch.Scored, batch.ByIntent.High + batch.ByIntent.Medium + batch.ByIntent.Low);
    }

    /// <inheritdoc cref="AssertCountersAddUp(BatchResponse)"/>
    public static void AssertCountersAddUp(JsonObject batch) => AssertCountersAddUp(Read(batch));

    /// <summary>The batch is <c>completed</c>, says when, and its counters add up.</summary>
    public static void AssertCompleted(BatchResponse batch)
    {
        Assert.True(batch.Status == "completed", $"batch {batch.BatchId} is {batch.Status}");
        Assert.NotNull(batch.CompletedAt);
        AssertCountersAddUp(batch);
    }

    /// <inheritdoc cref="AssertCompleted(BatchResponse)"/>
    public static void AssertCompleted(JsonObject batch) => AssertCompleted(Read(batch));

    private static BatchResponse Read(JsonObject batch) => batch.Deserialize<BatchResponse>(JsonDefaults.Options)!;
}
