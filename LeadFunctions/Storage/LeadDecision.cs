namespace LeadFunctions.Storage;

/// <summary>
/// What should become of one lead, decided from its current state: the lead record after the change (null deletes it)
/// and, when the work names a batch, the state that batch should have counted for the lead
/// (<see cref="MarkerState"/>; null removes the lead from the batch). <see cref="After"/> may be the current record
/// itself to change only the marker.
/// </summary>
public sealed record LeadDecision(LeadEntity? After, string? MarkerState)
{
    /// <summary>Leave the lead and its batch marker exactly as they are.</summary>
    public static LeadDecision Unchanged { get; } = new(null, null) { IsUnchanged = true };

    public bool IsUnchanged { get; private init; }
}

/// <summary>Decides a lead's change from its current record (null if none) and the current marker state of the batch the work names.</summary>
public delegate LeadDecision LeadDecider(LeadEntity? current, string? markerState);

/// <summary>One lead to change in a partition transaction; <paramref name="BatchId"/> is the batch whose progress the change settles.</summary>
public sealed record LeadWork(string LeadId, string? BatchId, LeadDecider Decide);
