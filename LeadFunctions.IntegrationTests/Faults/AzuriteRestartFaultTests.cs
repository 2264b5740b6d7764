using LeadFunctions.LocalHost.Configuration;
using LeadFunctions.LocalHost.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using Xunit.Abstractions;

namespace LeadFunctions.IntegrationTests.Faults;

/// <summary>
/// Storage going away mid-batch: a dedicated Azurite with its data on disk (not the shared in-memory one) is stopped
/// and started again on the same ports while the host scores. The pipeline rides it out and completes the batch.
/// </summary>
[Collection(FaultsCollection.Name)]
[Trait("Category", FaultsCollection.Name)]
public sealed class AzuriteRestartFaultTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Phase = TimeSpan.FromMinutes(8);

    private readonly string _location = Path.Combine(Path.GetTempPath(), $"leadfunctions-azurite-{Guid.NewGuid():N}");

    [Fact]
    public async Task The_pipeline_recovers_and_completes_a_batch_when_storage_restarts_mid_batch()
    {
        const int Leads = 1000;
        var launch = AzuriteLaunchOptions.InMemoryOnFreePorts(RepositoryRoot.Path) with { Location = _location };
        var azurite = await AzuriteLauncher.StartAsync(launch, NullLogger.Instance, CancellationToken.None);
        try
        {
            var endpoints = azurite.Endpoints;
            var names = PipelineNames.New(endpoints.ConnectionString);
            await using var ai = await FakeOpenAiServer.StartAsync();
            ai.Latency = TimeSpan.FromMilliseconds(150);
            await using var host = await LocalHostProcess.StartAsync(names.AsEnvironment(FakeAiSettings.For(ai)));
            var api = new LeadApi(host.Http);
            var offerId = await api.CreateOfferAsync();
            var batchId = await api.UploadAsync(offerId, new LeadGenerator("Fault").Csv(Leads));
            await api.WaitForBatchAsync(batchId, b => LeadApi.Number(b, "scored") >= Leads / 5, Phase);

            // SIGTERM: Azurite writes its workspace and exits; the same ports and folder bring the same data back.
            await azurite.DisposeAsync();
            azurite = await AzuriteLauncher.StartAsync(
                launch with { BlobPort = endpoints.BlobPort, QueuePort = endpoints.QueuePort, TablePort = endpoints.TablePort },
                NullLogger.Instance,
                CancellationToken.None);

            var resent = await CrashRecovery.FinishAsync(api, names, batchId, Phase);
            output.WriteLine($"Re-sent after the restart: {resent}; AI calls {ai.CallCount}.");

            var settled = await BatchGuarantees.AssertSettledAsync(api, names, offerId, batchId, Leads);
            Assert.All(settled.ScoringMethods, method => Assert.Equal("hybrid", method));
            Assert.False(host.HasExited, "the host process died with its storage");
        }
        finally
        {
            await azurite.DisposeAsync();
        }
    }

    public void Dispose()
    {
        if (Directory.Exists(_location))
        {
            Directory.Delete(_location, recursive: true);
        }
    }
}
