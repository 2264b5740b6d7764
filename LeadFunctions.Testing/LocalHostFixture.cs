namespace LeadFunctions.Testing;

/// <summary>
/// One local host shared by the tests of a class (<c>IClassFixture&lt;LocalHostFixture&gt;</c>), so a class pays for one
/// host start. Tests keep out of each other's way by creating their own offers; a test that needs an empty account
/// (no offers at all) starts its own <see cref="RunningLocalHost"/>. Derive to start the host with other settings.
/// </summary>
public class LocalHostFixture(AzuriteFixture storage) : IAsyncLifetime
{
    private RunningLocalHost? _host;

    public RunningLocalHost Host => _host ?? throw new InvalidOperationException("The host has not started.");

    public AzuriteFixture Storage => storage;

    public LeadApi Api => new(Host, storage);

    /// <summary>Settings above the test defaults of <see cref="RunningLocalHost.StartAsync"/>.</summary>
    protected virtual IReadOnlyDictionary<string, string?>? Settings => null;

    public async Task InitializeAsync() => _host = await RunningLocalHost.StartAsync(storage, Settings);

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }
    }
}
