using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Tests.Configuration;

public class OptionsBindingTests
{
    [Fact]
    public void Defaults_match_the_spec_when_nothing_is_set()
    {
        using var provider = new ServiceCollection().AddApplicationServices(new ConfigurationBuilder().Build()).BuildServiceProvider();

        var pipeline = provider.GetRequiredService<IOptions<LeadScoringOptions>>().Value;
        var ai = provider.GetRequiredService<IOptions<AiOptions>>().Value;

        Assert.Equal("lead-uploads", pipeline.UploadsContainer);
        Assert.Equal("lead-scoring", pipeline.ScoringQueue);
        Assert.Equal(100L * 1024 * 1024, pipeline.MaxUploadBytes);
        Assert.Equal(AiProvider.None, ai.Provider);
        Assert.Equal("rules-only", ai.Mode);
    }

    [Fact]
    public void Double_underscore_app_settings_bind_as_they_do_in_Azure()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["LeadScoring:UploadsContainer"] = "drop-zone",
                ["LeadScoring:MaxUploadBytes"] = "2048",
                ["Ai:Provider"] = "OpenAI",
                ["Ai:Endpoint"] = "http://127.0.0.1:11434/v1",
                ["Ai:Model"] = "llama3",
                ["Ai:MaxConcurrency"] = "4",
            })
            .Build();
        using var provider = new ServiceCollection().AddApplicationServices(configuration).BuildServiceProvider();

        var pipeline = provider.GetRequiredService<IOptions<LeadScoringOptions>>().Value;
        var ai = provider.GetRequiredService<IOptions<AiOptions>>().Value;

        Assert.Equal("drop-zone", pipeline.UploadsContainer);
        Assert.Equal(2048, pipeline.MaxUploadBytes);
        Assert.Equal(AiProvider.OpenAI, ai.Provider);
        Assert.Equal(4, ai.MaxConcurrency);
        Assert.Equal("hybrid", ai.Mode);
    }
}
