namespace LeadFunctions.Ai;

/// <summary>The AI service refused the request with a status that retrying will not change (400, 401, 403, 404…).</summary>
public sealed class AiRequestRejectedException(string message, int statusCode, Exception? innerException = null)
    : AiClassificationException(message, innerException)
{
    public override bool IsTransient => false;

    public int StatusCode { get; } = statusCode;
}
