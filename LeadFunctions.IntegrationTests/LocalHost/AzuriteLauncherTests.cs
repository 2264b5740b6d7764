using System.Diagnostics;
using Azure;
using LeadFunctions.LocalHost;
using LeadFunctions.LocalHost.Configuration;
using LeadFunctions.LocalHost.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeadFunctions.IntegrationTests.LocalHost;

// In the storage collection only so that its Azurite does not start at the same moment as the fixture's.
[Collection(AzuriteCollection.Name)]
public sealed class AzuriteLauncherTests
{
    private static readonly string Root = RepositoryRoot.Path;

    [Fact]
    public async Task Starts_on_free_ports_answers_its_connection_string_and_stops_its_node_process()
    {
        var azurite = await AzuriteLauncher.StartAsync(AzuriteLaunchOptions.InMemoryOnFreePorts(Root), NullLogger.Instance, CancellationToken.None);
        var processId = azurite.ProcessId;
        try
        {
            Assert.DoesNotContain(AzuriteLaunchOptions.DefaultBlobPort, azurite.Endpoints.Ports);
            Assert.Equal("node", Process.GetProcessById(processId).ProcessName);
            var container = new Azure.Storage.Blobs.BlobServiceClient(azurite.Endpoints.ConnectionString).GetBlobContainerClient("probe");
            await container.CreateAsync();
            Assert.True((await container.ExistsAsync()).Value);
        }
        finally
        {
            await azurite.DisposeAsync();
        }

        Assert.False(IsRunning(processId));
        await Assert.ThrowsAsync<RequestFailedException>(() =>
            new Azure.Storage.Blobs.BlobServiceClient(azurite.Endpoints.ConnectionString, new() { Retry = { MaxRetries = 0 } })
                .GetBlobContainerClient("probe").ExistsAsync());
    }

    [Fact]
    public async Task Without_npm_packages_it_says_to_run_npm_ci()
    {
        var empty = Directory.CreateTempSubdirectory("leadfunctions-nonpm-").FullName;
        try
        {
            var error = await Assert.ThrowsAsync<LocalHostSetupException>(() =>
                AzuriteLauncher.StartAsync(AzuriteLaunchOptions.InMemoryOnFreePorts(empty), NullLogger.Instance, CancellationToken.None));

            Assert.Contains("npm ci", error.Message, StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(empty, recursive: true);
        }
    }

    private static bool IsRunning(int processId)
    {
        try
        {
            using var process = Process.GetProcessById(processId);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }
}
