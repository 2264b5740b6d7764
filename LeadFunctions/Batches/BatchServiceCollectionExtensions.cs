using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.Batches;

public static class BatchServiceCollectionExtensions
{
    /// <summary>Batches: their table and the views of their progress.</summary>
    public static IServiceCollection AddBatches(this IServiceCollection services)
    {
        services.AddSingleton<BatchRepository>();
        services.AddSingleton<BatchViewBuilder>();
        return services;
    }
}
