using LeadFunctions.LocalHost.TriggerAdapters;

namespace LeadFunctions.Tests.LocalHost;

public sealed class BlobIngestGateTests
{
    [Fact]
    public async Task Ingests_of_one_blob_run_one_after_the_other_and_of_different_blobs_side_by_side()
    {
        var gate = new BlobIngestGate();
        var firstInside = new TaskCompletionSource();
        var releaseFirst = new TaskCompletionSource();
        var order = new List<string>();

        var first = gate.RunAsync("offer/a.csv", async () =>
        {
            lock (order) { order.Add("first in"); }
            firstInside.SetResult();
            await releaseFirst.Task;
            lock (order) { order.Add("first out"); }
        }, CancellationToken.None);
        await firstInside.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var second = gate.RunAsync("offer/a.csv", () =>
        {
            lock (order) { order.Add("second in"); }
            return Task.CompletedTask;
        }, CancellationToken.None);
        var other = gate.RunAsync("offer/b.csv", () =>
        {
            lock (order) { order.Add("other in"); }
            return Task.CompletedTask;
        }, CancellationToken.None);

        await other.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(second.IsCompleted);
        releaseFirst.SetResult();
        await Task.WhenAll(first, second).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["first in", "other in", "first out", "second in"], order);
    }
}
