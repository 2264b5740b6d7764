using System.Runtime.ExceptionServices;
using Azure;
using LeadFunctions.LocalHost;
using Microsoft.Azure.WebJobs.Host.Timers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.IntegrationTests.LocalHost;

[Collection(AzuriteCollection.Name)]
public sealed class HostFaultHandlerTests(AzuriteFixture storage)
{
    [Fact]
    public async Task An_exception_no_function_owns_is_logged_and_stops_the_host_instead_of_killing_the_process()
    {
        await using var host = await RunningLocalHost.StartAsync(storage);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopping = new TaskCompletionSource();
        using var registration = lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        // What the blob trigger's receipt manager threw in CI when a stalled storage let its lease run out.
        var fault = new RequestFailedException(412, "There is currently no lease on the blob.", "LeaseNotPresentWithBlobOperation", null);

        // The WebJobs host asks the factory it finds in DI; the SDK's default would rethrow this on a new thread.
        var handler = host.Services.GetRequiredService<IWebJobsExceptionHandlerFactory>().Create(jobHost: null!);
        await handler.OnUnhandledExceptionAsync(ExceptionDispatchInfo.Capture(fault));

        await stopping.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Same(fault, host.Services.GetRequiredService<HostFaultHandler>().Fault);
        var logged = Assert.Single(host.Logs.Entries, e => e.Level == LogLevel.Critical);
        Assert.Same(fault, logged.Exception);
        Assert.Contains("shutting down", logged.Message);
    }
}
