using LeadFunctions.LocalHost.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.LocalHost.Storage;

/// <summary>
/// When the app uses development storage and nothing answers on 127.0.0.1:10000–10002, starts the repository's Azurite
/// before the triggers start listening, and stops that node process when the host stops or is disposed. An emulator
/// that is already running is used as it is.
/// </summary>
internal sealed class DevelopmentStorageLauncher(
    IConfiguration configuration,
    RepositoryLayout layout,
    ILogger<DevelopmentStorageLauncher> logger) : IHostedService, IAsyncDisposable
{
    private AzuriteProcess? _azurite;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        if (!new StorageClientFactory(configuration).IsDevelopmentStorage)
        {
            return;
        }

        var ports = AzuriteEndpoints.Default.Ports;
        var answering = await LoopbackPortProbe.AnsweringAsync(ports, cancellationToken);
        if (answering.Count == ports.Count)
        {
            logger.LogInformation("Development storage already answers on 127.0.0.1:{Ports}; using it.", string.Join(", ", ports));
            return;
        }

        if (answering.Count > 0)
        {
            throw new LocalHostSetupException(
                $"127.0.0.1 port(s) {string.Join(", ", answering)} answer but {string.Join(", ", ports.Except(answering))} do not: "
                + "something other than a whole Azurite holds them. Stop it, or point AzureWebJobsStorage at another account.");
        }

        if (layout.Root is null)
        {
            throw new LocalHostSetupException(
                $"Development storage is not running and the repository root ({RepositoryLayout.SolutionFileName}) was not found to start Azurite from. "
                + "Start Azurite yourself, or set AzureWebJobsStorage.");
        }

        _azurite = await AzuriteLauncher.StartAsync(AzuriteLaunchOptions.DevelopmentStorage(layout.Root), logger, cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) => DisposeAsync().AsTask();

    public ValueTask DisposeAsync() => Interlocked.Exchange(ref _azurite, null)?.DisposeAsync() ?? ValueTask.CompletedTask;
}
