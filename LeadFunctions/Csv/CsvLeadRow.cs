using System.Diagnostics.CodeAnalysis;
namespace LeadFunctions.Csv;

/// <summary>
/// One non-blank record of a lead CSV: accepted with its <see cref="Lead"/>, or rejected with a <see cref="Reason"/>.
/// </summary>
/// <remarks>
/// Row numbers are physical line numbers in the file, 1-based, with the header on line 1 (or later, after leading
/// blank lines): <see cref="Line"/> is the line where the record starts and <see cref="EndLine"/> the line where it
/// ends. They differ only when a quoted value spans lines. For a file without multi-line values this is the row
/// number a spreadsheet shows. Blank lines count as lines but never produce a row.
/// </remarks>
public sealed record CsvLeadRow
{
    private CsvLeadRow(int line, int endLine, LeadFields? lead, CsvRowRejection? rejection, string? reason)
    {
        Line = line;
        EndLine = endLine;
        Lead = lead;
        Rejection = rejection;
        Reason = reason;
    }

    /// <summary>Physical line (header = line 1) where the record starts: the row number to report.</summary>
    public int Line { get; }

    /// <summary>Physical line where the record ends; equal to <see cref="Line"/> unless a quoted value spans lines.</summary>
    public int EndLine { get; }

    /// <summary>The lead's six fields, trimmed, blanks as empty strings; null when rejected.</summary>
    public LeadFields? Lead { get; }

    /// <summary>Why the row was rejected; null when accepted.</summary>
    public CsvRowRejection? Rejection { get; }

    /// <summary>The rejection reason, written for the uploader; null when accepted.</summary>
    public string? Reason { get; }

    [MemberNotNullWhen(true, nameof(Lead))]
    [MemberNotNullWhen(false, nameof(Reason), nameof(Rejection))]
    public bool IsAccepted => Lead is not null;

    public static CsvLeadRow Accepted(int line, int endLine, LeadFields lead) => new(line, endLine, lead, null, null);

    public static CsvLeadRow Rejected(int line, int endLine, CsvRowRejection rejection, string reason) => new(line, endLine, null, rejection, reason);
}
