using Microsoft.Extensions.Logging.Abstractions;

namespace LeadFunctions.IntegrationTests.Ai;

/// <summary>The cache in front of the real SDK classifier: the fake server sees one call per distinct content.</summary>
public sealed class CachingWithSdkTests : IAsyncLifetime
{
    private FakeOpenAiServer _server = null!;

    public async Task InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Identical_classifications_make_one_model_call()
    {
        _server.Latency = TimeSpan.FromMilliseconds(100);
        var options = new AiOptions { Provider = AiProvider.OpenAI, Endpoint = _server.OpenAiBaseUri.ToString(), Model = "m" };
        var classifier = new CachingIntentClassifier(
            new OpenAiIntentClassifier(
                AiChatClientFactory.Create(options),
                new AiRequestGate(6000, 4),
                new AiRetryPolicy(),
                TimeSpan.FromSeconds(30),
                NullLogger<OpenAiIntentClassifier>.Instance),
            new InMemoryClassificationCache(),
            AiChatClientFactory.ModelIdentity(options),
            NullLogger<CachingIntentClassifier>.Instance);
        var offer = new OfferProfile("LeadFlow", ["24/7 outbound"], ["B2B SaaS"]);
        var ceo = new LeadFields("Ava", "CEO", "Acme", "B2B SaaS", "Berlin", "bio");

        var concurrent = await Task.WhenAll(Enumerable.Range(0, 3).Select(_ => classifier.ClassifyAsync(offer, ceo, CancellationToken.None)));
        var later = await classifier.ClassifyAsync(offer, ceo with { }, CancellationToken.None);
        var other = await classifier.ClassifyAsync(offer, ceo with { Role = "Intern" }, CancellationToken.None);

        Assert.All(concurrent.Append(later), r => Assert.Equal(LeadIntent.High, r.Intent));
        Assert.Equal(LeadIntent.Low, other.Intent);
        Assert.Equal(2, _server.CallCount);
    }
}
