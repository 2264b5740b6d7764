namespace LeadFunctions.IntegrationTests.LocalHost;

[Collection(AzuriteCollection.Name)]
public sealed class LocalHostShutdownTests(AzuriteFixture storage)
{
    [Fact]
    public async Task SIGTERM_stops_the_host_process_cleanly_with_exit_code_0()
    {
        await using var host = await LocalHostProcess.StartAsync(PipelineNames.New(storage.ConnectionString).AsEnvironment(new Dictionary<string, string?>()));

        var exitCode = await host.TerminateAsync();

        Assert.True(exitCode == 0, $"The host exited with {exitCode}. Its output:{Environment.NewLine}{host.RecentOutput}");
        Assert.DoesNotContain("Unhandled exception", host.RecentOutput);
    }
}
