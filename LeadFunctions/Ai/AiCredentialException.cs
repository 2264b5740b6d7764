namespace LeadFunctions.Ai;

/// <summary>
/// The app's identity could not get a token for the AI service (Azure.Identity's <c>AuthenticationFailedException</c>
/// or <c>CredentialUnavailableException</c>): an AI outage like any other. Transient, because a managed identity
/// endpoint that is briefly unavailable comes back; the queue retries, and the last delivery scores by rules.
/// </summary>
public sealed class AiCredentialException(Exception innerException)
    : AiClassificationException("the app's identity could not get a token for the AI service", innerException)
{
    public override bool IsTransient => true;

    /// <summary>True when <paramref name="exception"/>, or an exception it wraps, is a credential failure.</summary>
    public static bool IsCredentialFailure(Exception? exception)
    {
        for (var depth = 0; exception is not null && depth < 8; depth++, exception = exception.InnerException)
        {
            if (exception is Azure.Identity.AuthenticationFailedException)
            {
                return true;
            }
        }

        return false;
    }
}
