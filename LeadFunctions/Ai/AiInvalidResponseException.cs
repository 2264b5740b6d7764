namespace LeadFunctions.Ai;

/// <summary>The model answered, but not with a valid classification (malformed JSON, unknown intent, refusal, cut off).</summary>
public sealed class AiInvalidResponseException(string message, Exception? innerException = null)
    : AiClassificationException(message, innerException)
{
    public override bool IsTransient => false;
}
