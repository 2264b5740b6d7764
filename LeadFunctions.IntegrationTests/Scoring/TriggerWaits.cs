using Azure.Storage.Queues;
using Azure.Storage.Queues.Models;
namespace LeadFunctions.IntegrationTests.Scoring;

/// <summary>Bounded waits on what the local host's queue triggers did: invocations seen by its recorder, queue lengths.</summary>
public static class TriggerWaits
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>The text of the queue message an invocation was given, or "" for other triggers.</summary>
    public static string MessageTextOf(RecordedInvocation invocation) =>
        invocation.Arguments.TryGetValue("message", out var message) && message is QueueMessage queued ? queued.MessageText : "";

    /// <summary>Waits until at least <paramref name="count"/> recorded invocations match.</summary>
    public static Task InvocationsAsync(RunningLocalHost host, Func<RecordedInvocation, bool> match, int count, TimeSpan timeout, string what) =>
        Eventually.TrueAsync(
            () => Task.FromResult(host.Recorder.Invocations.Count(match) >= count),
            timeout,
            PollInterval,
            () => $"{count} × {what}; seen {host.Recorder.Invocations.Count(match)}");

    /// <summary>Waits until the queue holds <paramref name="count"/> messages, visible or not (a missing queue holds none).</summary>
    public static Task QueueLengthAsync(QueueClient queue, int count, TimeSpan timeout)
    {
        var length = -1;
        return Eventually.TrueAsync(
            async () => (length = await LengthAsync(queue)) == count,
            timeout,
            PollInterval,
            () => $"{queue.Name} to hold {count} messages; it held {length}");
    }

    public static async Task<int> LengthAsync(QueueClient queue) =>
        (await queue.ExistsAsync()).Value ? (await queue.GetPropertiesAsync()).Value.ApproximateMessagesCount : 0;
}
