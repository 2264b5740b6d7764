namespace LeadFunctions.Csv;

/// <summary>
/// Finds repeats of a lead inside one file: the first occurrence is the lead, later ones are duplicates. Keeps one
/// 128-bit <see cref="LeadIdentity.Hash(LeadFields)"/> per distinct lead (tens of bytes each, about 40–70 MB for a
/// million), never the rows themselves.
/// </summary>
public sealed class LeadDuplicateDetector
{
    private readonly HashSet<UInt128> _seen = [];

    /// <summary>Distinct leads seen so far.</summary>
    public int Count => _seen.Count;

    /// <summary>True for the first occurrence of a lead; false when the same (name, company) was seen before.</summary>
    public bool TryAdd(LeadFields lead)
    {
        ArgumentNullException.ThrowIfNull(lead);
        return TryAdd(LeadIdentity.Hash(lead));
    }

    /// <summary>As <see cref="TryAdd(LeadFields)"/>, for a hash already computed.</summary>
    internal bool TryAdd(UInt128 identity) => _seen.Add(identity);
}
