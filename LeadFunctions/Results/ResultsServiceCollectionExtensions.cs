using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.Results;

public static class ResultsServiceCollectionExtensions
{
    /// <summary>Results: reading, paging, editing, deleting and requeueing scored leads.</summary>
    public static IServiceCollection AddResults(this IServiceCollection services)
    {
        services.AddSingleton<LeadReader>();
        services.AddSingleton<LeadPager>();
        services.AddSingleton<LeadRequeuer>();
        return services;
    }
}
