using LeadFunctions.Ai;
using LeadFunctions.Callbacks;
using LeadFunctions.Configuration;
using LeadFunctions.Http;
using LeadFunctions.Scoring;
using LeadFunctions.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions;

/// <summary>
/// The app's whole service wiring, shared by the Functions worker (<c>Program.cs</c>) and the local host,
/// so both run the same classes with the same settings.
/// </summary>
public static class LeadScoringServiceCollectionExtensions
{
    public static IServiceCollection AddLeadScoring(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LeadScoringOptions>().Bind(configuration.GetSection(LeadScoringOptions.SectionName));
        services.AddOptions<AiOptions>().Bind(configuration.GetSection(AiOptions.SectionName));

        services.AddMvcCore().AddJsonOptions(o => JsonDefaults.Configure(o.JsonSerializerOptions));

        services.AddSingleton(TimeProvider.System);
        services.AddLeadStorage();
        services.AddAiScoring(configuration);
        services.AddRuleScoring();
        services.AddBatchCallbacks();

        return services;
    }
}
