namespace LeadFunctions.LocalHost;

/// <summary>A problem with the local set-up (missing npm packages, bad settings file, unbindable function) that the
/// user can fix; its message says how, and the host prints it without a stack trace.</summary>
public sealed class LocalHostSetupException : Exception
{
    public LocalHostSetupException(string message)
        : base(message)
    {
    }

    public LocalHostSetupException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
