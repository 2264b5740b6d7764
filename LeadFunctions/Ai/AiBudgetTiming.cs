namespace LeadFunctions.Ai;

/// <summary>
/// The clockwork of the app-wide AI budget (see <see cref="AiRequestGate"/>); fixed in the app, smaller in tests.
/// </summary>
/// <param name="Window">Length of one budget window: <c>Ai:MaxRequestsPerMinute × Window / 1 min</c> calls each.</param>
/// <param name="HeartbeatEvery">How often a busy instance says it is alive and counts the others.</param>
/// <param name="LiveFor">How long after its last heartbeat an instance still counts as live.</param>
/// <param name="StorageTimeout">How long one budget or heartbeat storage call may take before it counts as failed.</param>
/// <param name="MaxLateness">
/// How late past its moment a paced call may still start (zero: a fifth of a window). Later ones are skipped: a
/// provider counting a sliding minute would see them bunched on top of the next minute's calls.
/// </param>
public sealed record AiBudgetTiming(TimeSpan Window, TimeSpan HeartbeatEvery, TimeSpan LiveFor, TimeSpan StorageTimeout, TimeSpan MaxLateness = default)
{
    internal TimeSpan Lateness => MaxLateness > TimeSpan.Zero ? MaxLateness : Window / 5;

    public static AiBudgetTiming Default { get; } = new(
        Window: TimeSpan.FromSeconds(5),
        HeartbeatEvery: TimeSpan.FromSeconds(5),
        LiveFor: TimeSpan.FromSeconds(15),
        StorageTimeout: TimeSpan.FromSeconds(2),
        MaxLateness: TimeSpan.FromMilliseconds(250));
}
