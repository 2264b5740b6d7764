namespace LeadFunctions.Results;

/// <summary>The filters shared by <c>results</c>, <c>leads</c> and <c>export_csv</c>, already validated.</summary>
public sealed record LeadFilter(string? OfferId, string? BatchId, string? Intent, int? MinScore)
{
    /// <summary>A stable text of the filters, bound into cursors so a cursor can't be replayed under other filters.</summary>
    public string Fingerprint => $"{OfferId}|{BatchId}|{Intent}|{MinScore}";
}
