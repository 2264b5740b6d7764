namespace LeadFunctions.Csv;

/// <summary>
/// Counts of a read so far: <see cref="Rows"/> is every non-blank record = <see cref="Accepted"/> + <see cref="Rejected"/>.
/// In-file duplicates are the caller's to count among the accepted rows (see <see cref="LeadDuplicateDetector"/>).
/// </summary>
public sealed record CsvReadSummary(int Rows, int Accepted, int Rejected);
