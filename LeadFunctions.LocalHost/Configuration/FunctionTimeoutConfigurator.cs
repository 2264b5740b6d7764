using System.Globalization;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Extensions.Configuration;

namespace LeadFunctions.LocalHost.Configuration;

/// <summary>
/// Applies host.json's <c>functionTimeout</c> (or its <c>AzureFunctionsJobHost__functionTimeout</c> override) to the
/// blob and queue functions as the Functions host does (its <c>ScriptJobHostOptionsSetup</c> and
/// <c>JobHostFunctionTimeoutOptionsSetup</c>): absent, 30 minutes (the default outside the Consumption plan); <c>-1</c>,
/// no limit; otherwise at least a second. A function past it has its cancellation token cancelled and, the host
/// throwing on timeout, the host stops (<see cref="HostFaultHandler"/>): the Functions host restarts its script host
/// there, and the messages in flight come back after their visibility timeout either way.
/// </summary>
public static class FunctionTimeoutConfigurator
{
    public const string Key = HostJsonExtensionsConfigurator.JobHostSection + ":functionTimeout";

    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(30);

    private static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);

    /// <summary>The timeout in force; null for none.</summary>
    public static TimeSpan? Read(IConfiguration configuration)
    {
        var text = configuration[Key];
        if (string.IsNullOrWhiteSpace(text))
        {
            return DefaultTimeout;
        }

        if (!TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out var timeout))
        {
            throw new LocalHostSetupException($"functionTimeout '{text}' is not a time span such as 00:10:00.");
        }

        if (timeout == TimeSpan.FromDays(-1))
        {
            return null;
        }

        return timeout >= MinTimeout
            ? timeout
            : throw new LocalHostSetupException($"functionTimeout must be at least {MinTimeout}; it is {text}.");
    }

    public static void Configure(JobHostFunctionTimeoutOptions options, IConfiguration configuration)
    {
        if (Read(configuration) is { } timeout)
        {
            options.Timeout = timeout;
            options.ThrowOnTimeout = true;
            options.TimeoutWhileDebugging = true;
        }
    }
}
