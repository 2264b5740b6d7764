using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Scoring;

public static class ScoringServiceCollectionExtensions
{
    /// <summary>Scoring: the scoring queue, the AI layer when configured (<c>AddAiScoring</c>), the scorer and its processor.</summary>
    public static IServiceCollection AddScoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton<ScoringQueue>();
        services.AddAiScoring(configuration);
        services.AddRuleScoring();
        services.AddSingleton<LeadScoringProcessor>();
        return services;
    }

    /// <summary>
    /// Registers <see cref="LeadScorer"/> (singleton). It uses the <see cref="IIntentClassifier"/> that
    /// <c>AddAiScoring</c> registers when AI is configured, and scores rules-only when none is registered.
    /// </summary>
    public static IServiceCollection AddRuleScoring(this IServiceCollection services)
    {
        services.TryAddSingleton(sp => new LeadScorer(sp.GetService<IIntentClassifier>(), sp.GetService<ILogger<LeadScorer>>()));
        return services;
    }
}
