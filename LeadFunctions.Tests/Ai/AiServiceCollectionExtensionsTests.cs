using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Tests.Ai;

public class AiServiceCollectionExtensionsTests
{
    [Fact]
    public void Provider_None_registers_no_classifier_and_the_scorer_is_rules_only()
    {
        using var provider = Build(new Dictionary<string, string?>());

        Assert.Null(provider.GetService<IIntentClassifier>());
        Assert.False(provider.GetRequiredService<LeadScorer>().AiEnabled);
    }

    [Theory]
    [InlineData("OpenAI", "http://127.0.0.1:11434/v1", "")]
    [InlineData("AzureOpenAI", "https://example.openai.azure.com", "key")]
    [InlineData("AzureOpenAI", "https://example.openai.azure.com", "")]
    public void A_provider_registers_the_cached_classifier_once_per_instance(string name, string endpoint, string key)
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["Ai:Provider"] = name,
            ["Ai:Endpoint"] = endpoint,
            ["Ai:ApiKey"] = key,
            ["Ai:Model"] = "gpt-4o-mini",
        });

        Assert.IsType<CachingIntentClassifier>(provider.GetRequiredService<IIntentClassifier>());
        Assert.Same(provider.GetRequiredService<IIntentClassifier>(), provider.GetRequiredService<IIntentClassifier>());
        Assert.Same(provider.GetRequiredService<AiRequestGate>(), provider.GetRequiredService<AiRequestGate>());
        Assert.True(provider.GetRequiredService<LeadScorer>().AiEnabled);
    }

    [Theory]
    [InlineData("OpenAI", "", "", "30", "Ai:Model")]
    [InlineData("AzureOpenAI", "", "gpt", "30", "Ai:Endpoint")]
    [InlineData("OpenAI", "not a url", "gpt", "30", "Ai:Endpoint")]
    [InlineData("OpenAI", "", "gpt", "0", "Ai:TimeoutSeconds")]
    public void Unusable_settings_are_rejected_with_the_setting_named(string name, string endpoint, string model, string timeout, string setting)
    {
        using var provider = Build(new Dictionary<string, string?>
        {
            ["Ai:Provider"] = name,
            ["Ai:Endpoint"] = endpoint,
            ["Ai:Model"] = model,
            ["Ai:TimeoutSeconds"] = timeout,
        });

        var failure = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<AiOptions>>().Value);
        Assert.Contains(setting, failure.Message);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddApplicationServices(configuration)
            .AddAiScoring(configuration)
            .AddRuleScoring()
            .BuildServiceProvider();
    }
}
