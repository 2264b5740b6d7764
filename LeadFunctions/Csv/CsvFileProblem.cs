namespace LeadFunctions.Csv;

/// <summary>
/// A file-level reason a CSV cannot be imported. <see cref="Message"/> is written for the uploader;
/// <see cref="MissingColumns"/> lists the canonical names of absent required columns (empty for other kinds).
/// </summary>
public sealed record CsvFileProblem(CsvFileProblemKind Kind, string Message, IReadOnlyList<string> MissingColumns)
{
    internal static CsvFileProblem Of(CsvFileProblemKind kind, string message) => new(kind, message, []);
}
