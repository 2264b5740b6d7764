namespace LeadFunctions.Ai;

/// <summary>The AI service was unavailable (429, 5xx, timeout, network) on every attempt of one call.</summary>
public sealed class AiTransientException(string message, int attempts, int? statusCode, Exception? innerException = null)
    : AiClassificationException(message, innerException)
{
    public override bool IsTransient => true;

    /// <summary>How many HTTP attempts were made.</summary>
    public int Attempts { get; } = attempts;

    /// <summary>The last HTTP status, or null for a timeout or a network failure.</summary>
    public int? StatusCode { get; } = statusCode;
}
