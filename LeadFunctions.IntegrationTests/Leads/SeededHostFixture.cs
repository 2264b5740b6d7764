using System.Diagnostics;
namespace LeadFunctions.IntegrationTests.Leads;

/// <summary>A local host (rules-only, its own storage names) seeded once per test class by <see cref="SeedAsync"/>, stopped after the class.</summary>
public abstract class SeededHostFixture(AzuriteFixture storage) : IAsyncLifetime
{
    private RunningLocalHost? _host;

    public LeadApi Api { get; private set; } = null!;

    /// <summary>How long starting and seeding took, for the test output.</summary>
    public TimeSpan SeedTime { get; private set; }

    protected RunningLocalHost Host => _host ?? throw new InvalidOperationException("The host is not started.");

    public async Task InitializeAsync()
    {
        var clock = Stopwatch.StartNew();
        _host = await RunningLocalHost.StartAsync(storage);
        Api = new LeadApi(_host.Http);
        await SeedAsync();
        SeedTime = clock.Elapsed;
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }

    protected abstract Task SeedAsync();
}
