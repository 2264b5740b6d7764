namespace LeadFunctions.Ai;

/// <summary>
/// Where the app's instances share their AI budget (see <see cref="AiRequestGate"/>): one counter per time window, from
/// which each instance takes slices, and one heartbeat per instance. <see cref="TableAiBudgetStore"/> keeps them in
/// Table Storage.
/// </summary>
public interface IAiBudgetStore
{
    /// <summary>
    /// Takes up to <paramref name="want"/> calls of <paramref name="window"/>'s <paramref name="budget"/>: the positions
    /// <c>[First, First + Count)</c> of that window are this caller's alone. Count 0 with <c>Contended</c> false means
    /// the window is spent; <c>Contended</c> means other instances kept winning the update, so try again shortly.
    /// Throws when the storage fails.
    /// </summary>
    Task<BudgetGrant> TakeAsync(long window, int budget, int want, CancellationToken cancellationToken);

    /// <summary>
    /// Records <paramref name="beat"/> and returns every instance heard from since <paramref name="since"/> that has not
    /// left, this one included. Throws when the storage fails.
    /// </summary>
    Task<IReadOnlyList<InstanceBeat>> BeatAsync(InstanceBeat beat, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>Requests this store has sent to the storage so far, for the figures in the heartbeats.</summary>
    long StorageRequests { get; }

    /// <summary>Every instance heartbeat stored, left ones included (their final counts).</summary>
    Task<IReadOnlyList<InstanceBeat>> ReadBeatsAsync(CancellationToken cancellationToken);
}

/// <summary>Positions <c>[First, First + Count)</c> of a window's budget.</summary>
public readonly record struct BudgetGrant(int First, int Count, bool Contended = false)
{
    public static BudgetGrant Spent => new(0, 0);
}

/// <summary>
/// One instance's heartbeat: when it was last heard from, whether it has left, and what it did so far (AI calls
/// admitted, slices taken, storage requests spent on the budget) — the figures the benchmark reports.
/// </summary>
public sealed record InstanceBeat(string InstanceId, DateTimeOffset LastSeen, bool Left, long Calls, long Slices, long StorageRequests);
