using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Ai;

public static class AiServiceCollectionExtensions
{
    /// <summary>
    /// Registers the AI layer when <c>Ai:Provider</c> is not <c>None</c>: <see cref="IIntentClassifier"/> =
    /// <see cref="CachingIntentClassifier"/> (Table Storage cache, in-process dedupe) over
    /// <see cref="OpenAiIntentClassifier"/>, with one <see cref="AiRequestGate"/> whose limits hold for the whole app, shared
    /// through <see cref="TableAiBudgetStore"/>. With <c>None</c>
    /// nothing is registered and the scorer works rules-only. Always validates the <c>Ai</c> settings at startup.
    /// Needs the <c>LeadTables</c> that <c>AddLeadStorage</c> registers.
    /// </summary>
    public static IServiceCollection AddAiScoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<AiOptions>, AiOptionsValidator>());
        services.AddOptions<AiOptions>().ValidateOnStart();

        var settings = configuration.GetSection(AiOptions.SectionName).Get<AiOptions>() ?? new AiOptions();
        if (!settings.IsEnabled)
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IAiBudgetStore, TableAiBudgetStore>();
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AiOptions>>().Value;
            return new AiRequestGate(
                options.MaxRequestsPerMinute,
                options.MaxConcurrency,
                sp.GetRequiredService<IAiBudgetStore>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<AiRequestGate>>());
        });
        services.TryAddSingleton(sp => new AiRetryPolicy(timeProvider: sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<AiOptions>>().Value;
            return new OpenAiIntentClassifier(
                AiChatClientFactory.Create(options),
                sp.GetRequiredService<AiRequestGate>(),
                sp.GetRequiredService<AiRetryPolicy>(),
                TimeSpan.FromSeconds(options.TimeoutSeconds),
                sp.GetRequiredService<ILogger<OpenAiIntentClassifier>>());
        });
        services.TryAddSingleton<IClassificationCache, MemoryClassificationCache>();
        services.TryAddSingleton<IIntentClassifier>(sp => new CachingIntentClassifier(
            sp.GetRequiredService<OpenAiIntentClassifier>(),
            sp.GetRequiredService<IClassificationCache>(),
            AiChatClientFactory.ModelIdentity(sp.GetRequiredService<IOptions<AiOptions>>().Value),
            sp.GetRequiredService<ILogger<CachingIntentClassifier>>()));

        return services;
    }
}
