using LeadFunctions.Ai;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Scoring;

public static class ScoringServiceCollectionExtensions
{
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
