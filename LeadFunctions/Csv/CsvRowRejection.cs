namespace LeadFunctions.Csv;

/// <summary>Why one record was not accepted as a lead.</summary>
public enum CsvRowRejection
{
    /// <summary>A value that starts with a quote is not a well-formed quoted value (unbalanced quote, text after the closing quote).</summary>
    Malformed,

    /// <summary>A lead field holds bytes that were not valid UTF-8, or control characters.</summary>
    InvalidText,

    /// <summary>More values than the header has columns, and the extra ones are not blank: an unquoted delimiter shifted the columns.</summary>
    TooManyValues,

    /// <summary>A lead field is longer than <see cref="LeadCsvLimits.MaxFieldChars"/>.</summary>
    FieldTooLong,

    /// <summary>The fields together take more than <see cref="LeadCsvLimits.MaxStoredLeadBytes"/> once stored.</summary>
    TooBigToStore,

    /// <summary>Both name and company are blank, so the row cannot identify a lead.</summary>
    NoNameOrCompany,

    /// <summary>The record outgrew <see cref="LeadCsvLimits.MaxRecordChars"/>; reading stopped and the rest of the file belongs to this row.</summary>
    RecordTooLong,
}
