namespace LeadFunctions.IntegrationTests.Corpus;

/// <summary>
/// One local host for the whole corpus, on the collection's Azurite, with the gullible fake model behind its AI layer
/// and a 16 MB upload limit (so the limit itself can be hit without sending 100 MB). Each case gets an offer of its own.
/// </summary>
public sealed class CorpusHost(AzuriteFixture storage) : IAsyncLifetime
{
    public const long MaxUploadBytes = 16L * 1024 * 1024;

    private FakeOpenAiServer? _ai;
    private RunningLocalHost? _host;
    private HttpClient? _http;

    public async Task InitializeAsync()
    {
        _ai = await FakeOpenAiServer.StartAsync();
        _ai.DefaultReply = InjectionSusceptibleModel.Reply;
        var settings = FakeAiSettings.For(_ai);
        settings["LeadScoring:MaxUploadBytes"] = MaxUploadBytes.ToString(System.Globalization.CultureInfo.InvariantCulture);
        _host = await RunningLocalHost.StartAsync(storage, settings);

        // Bounded, but long enough for a 10 MB body on a busy machine.
        _http = new HttpClient { BaseAddress = _host.Http.BaseAddress, Timeout = TimeSpan.FromSeconds(90) };
    }

    public async Task<CorpusContext> NewContextAsync()
    {
        var api = new LeadApi(_http!);
        return new CorpusContext(api, PipelineNames.Of(_host!, storage.ConnectionString), await api.CreateOfferAsync());
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_host is not null)
        {
            await _host.DisposeAsync();
        }

        if (_ai is not null)
        {
            await _ai.DisposeAsync();
        }
    }
}
