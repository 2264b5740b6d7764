namespace LeadFunctions.Csv;

/// <summary>
/// The first non-blank line of a CSV text and what was read past it.
/// </summary>
/// <param name="Text">The header line without its terminator; empty when the text holds no non-blank line.</param>
/// <param name="LineNumber">1-based physical line of the header (after any leading blank lines).</param>
/// <param name="Leftover">Characters already read after the header's line terminator: the start of the data.</param>
/// <param name="EndOfText">True when the whole text has been read.</param>
/// <param name="TooLong">True when the line exceeded the limit; <paramref name="Text"/> then holds its first characters only.</param>
internal sealed record HeaderLine(string Text, int LineNumber, string Leftover, bool EndOfText, bool TooLong);
