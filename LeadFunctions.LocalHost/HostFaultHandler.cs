using System.Runtime.ExceptionServices;
using Microsoft.Azure.WebJobs.Host.Timers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.LocalHost;

/// <summary>
/// What the WebJobs host does with an exception no function owns (a blob receipt whose lease ran out while storage was
/// stalled, a function past <c>functionTimeout</c>). The SDK's default rethrows it on a new thread, which kills the
/// process without stopping anything; the Functions host logs it and shuts its script host down instead. This does
/// the same: logs it as critical, keeps it for the exit code, and stops the application gracefully, so queue messages
/// in flight are released by their visibility timeout and Azurite (when this host started it) is stopped.
/// </summary>
public sealed class HostFaultHandler(IHostApplicationLifetime lifetime, ILogger<HostFaultHandler> logger) : IWebJobsExceptionHandler, IWebJobsExceptionHandlerFactory
{
    private Exception? _fault;

    /// <summary>The exception that stopped the host, or null.</summary>
    public Exception? Fault => Volatile.Read(ref _fault);

    public IWebJobsExceptionHandler Create(IHost jobHost) => this;

    public Task OnTimeoutExceptionAsync(ExceptionDispatchInfo exceptionInfo, TimeSpan timeoutGracePeriod) =>
        StopAsync("A function ran past functionTimeout", exceptionInfo.SourceException);

    public Task OnUnhandledExceptionAsync(ExceptionDispatchInfo exceptionInfo) =>
        StopAsync("An unhandled exception occurred in the WebJobs host", exceptionInfo.SourceException);

    private Task StopAsync(string what, Exception exception)
    {
        if (Interlocked.CompareExchange(ref _fault, exception, null) is null)
        {
            logger.LogCritical(exception, "{What}. The host is shutting down.", what);
            lifetime.StopApplication();
        }

        return Task.CompletedTask;
    }
}
