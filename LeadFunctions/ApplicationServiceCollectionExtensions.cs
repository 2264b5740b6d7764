using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions;

/// <summary>
/// The app's whole service wiring, shared by the Functions worker (<c>Program.cs</c>) and the local host, so both run
/// the same classes with the same settings: the plumbing, then one registration per pipeline stage.
/// </summary>
public static class ApplicationServiceCollectionExtensions
{
    public static IServiceCollection AddApplicationServices(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<LeadScoringOptions>()
            .Bind(configuration.GetSection(LeadScoringOptions.SectionName))
            .PostConfigure(o => o.MaxDequeueCount = HostQueueSettings.MaxDequeueCount(configuration));
        services.AddOptions<AiOptions>().Bind(configuration.GetSection(AiOptions.SectionName));

        services.AddMvcCore().AddJsonOptions(o => JsonDefaults.Configure(o.JsonSerializerOptions));

        services.AddSingleton(TimeProvider.System);
        services.AddLeadStorage();
        services.AddOffers();
        services.AddIngest();
        services.AddScoring(configuration);
        services.AddResults();
        services.AddBatches();
        services.AddBatchCallbacks();
        services.AddOperations();

        return services;
    }
}
