namespace LeadFunctions.Ai;

/// <summary>
/// An AI classification that produced no usable answer. Never read as "Low": the caller records the failure.
/// The message is short and safe to show in a lead's reasoning (no keys, no lead text).
/// </summary>
public abstract class AiClassificationException(string message, Exception? innerException = null)
    : Exception(message, innerException)
{
    /// <summary>True when the same call may succeed later (the queue should retry it).</summary>
    public abstract bool IsTransient { get; }
}
