namespace LeadFunctions.Results;

/// <summary>One line of the results export, in the column order of <see cref="LeadCsvExportWriter.Header"/>.
/// <paramref name="Intent"/>, <paramref name="Score"/> and <paramref name="Reasoning"/> are null for a lead not scored yet (empty cells).</summary>
public sealed record ExportRow(
    string Name,
    string Role,
    string Company,
    string Industry,
    string Location,
    string? Intent,
    int? Score,
    string? Reasoning);
