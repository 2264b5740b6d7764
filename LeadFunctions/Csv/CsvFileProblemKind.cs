namespace LeadFunctions.Csv;

/// <summary>Why a whole file cannot be read as leads. Each maps to a 400 on upload and to a failed batch on the blob trigger.</summary>
public enum CsvFileProblemKind
{
    /// <summary>No bytes, or only blank lines.</summary>
    Empty,

    /// <summary>Binary content, a ZIP/XLSX archive, or bytes that are not valid UTF-8 in the first line.</summary>
    NotText,

    /// <summary>The first line is longer than <see cref="LeadCsvLimits.MaxHeaderChars"/>.</summary>
    HeaderTooLong,

    /// <summary>The header line itself is not valid CSV (an unbalanced quote).</summary>
    MalformedHeader,

    /// <summary>One or more required columns are absent; <see cref="CsvFileProblem.MissingColumns"/> names them.</summary>
    MissingColumns,

    /// <summary>A required column appears more than once, so it is ambiguous which one holds the data.</summary>
    DuplicateColumns,

    /// <summary>A valid header and nothing else (or only blank lines) after it.</summary>
    NoDataRows,
}
