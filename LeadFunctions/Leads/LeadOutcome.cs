namespace LeadFunctions.Leads;

/// <summary>What a <see cref="LeadTransition"/> makes of one lead, given its stored record and its batch's marker.</summary>
public abstract record LeadOutcome
{
    private LeadOutcome()
    {
    }

    /// <summary>Nothing to write: the lead and its batch's count already are what the transition wants (or it is gone).</summary>
    public sealed record Keep : LeadOutcome;

    /// <summary>
    /// Nothing written: the lead changed since the caller took it in hand (edited or re-uploaded), so what the caller
    /// computed from it no longer applies; read it again and start over.
    /// </summary>
    public sealed record Stale : LeadOutcome;

    /// <summary>
    /// Write the lead as <paramref name="After"/> (its index entry and tallies follow), and have its batch count it as
    /// <paramref name="MarkerState"/> (<see cref="MarkerStates"/>; null: the batch does not count it).
    /// </summary>
    public sealed record Write(LeadEntity After, string? MarkerState) : LeadOutcome;

    /// <summary>
    /// Write the lead as <paramref name="After"/>, which differs from what is stored only in the file line of its batch
    /// that owns it (<see cref="LeadEntity.IngestLine"/>): scoring keeps what it did, its batch counts it as before, and
    /// it is not queued again.
    /// </summary>
    public sealed record Reowned(LeadEntity After) : LeadOutcome;

    /// <summary>Leave the lead as it is; its batch counts it as <paramref name="MarkerState"/>.</summary>
    public sealed record CountIn(string MarkerState) : LeadOutcome;

    /// <summary>Delete the lead, its index entry, its share of the tallies, and take it out of its batch's count.</summary>
    public sealed record Remove : LeadOutcome;

    public static LeadOutcome Kept { get; } = new Keep();

    public static LeadOutcome Changed { get; } = new Stale();

    public static LeadOutcome Removed { get; } = new Remove();
}
