using LeadFunctions.LocalHost.Events;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.LocalHost;

/// <summary>
/// <c>dotnet run --project LeadFunctions.LocalHost -- --urls http://127.0.0.1:7071</c>; with <c>blob-events</c> first,
/// only the local Event Grid stand-in (<see cref="BlobEventsCommand"/>); with <c>openapi FILE</c>, only writes the
/// OpenAPI document (<see cref="OpenApiCommand"/>).
/// </summary>
public static class Program
{
    public static async Task<int> Main(string[] args)
    {
        if (args is [BlobEventsCommand.Name, ..])
        {
            return await BlobEventsCommand.RunAsync(args[1..]);
        }

        if (args is [OpenApiCommand.Name, ..])
        {
            return await OpenApiCommand.RunAsync(args[1..]);
        }

        try
        {
            await using var app = LocalFunctionsHost.CreateBuilder(args).Build();
            // Taken before RunAsync, which disposes the services when the host stops.
            var faults = app.Services.GetRequiredService<HostFaultHandler>();
            await app.RunAsync();
            return faults.Fault is null ? 0 : 1;
        }
        catch (LocalHostSetupException ex)
        {
            await Console.Error.WriteLineAsync($"LeadFunctions.LocalHost: {ex.Message}");
            return 1;
        }
        catch (OperationCanceledException)
        {
            // Ctrl+C while starting: nothing to report.
            return 130;
        }
    }
}
