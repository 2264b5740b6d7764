using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.Storage;

public static class StorageServiceCollectionExtensions
{
    /// <summary>The storage plumbing every stage uses: clients, tables, the lead writer, the uploads container and their creation.</summary>
    public static IServiceCollection AddLeadStorage(this IServiceCollection services)
    {
        services.AddSingleton<StorageClientFactory>();
        services.AddSingleton(sp => sp.GetRequiredService<StorageClientFactory>().CreateBlobServiceClient());
        services.AddSingleton(sp => sp.GetRequiredService<StorageClientFactory>().CreateQueueServiceClient());
        services.AddSingleton(sp => sp.GetRequiredService<StorageClientFactory>().CreateTableServiceClient());
        services.AddSingleton<StorageHealthProbe>();
        services.AddSingleton<LeadTables>();
        services.AddSingleton<LeadPartitionWriter>();
        services.AddSingleton<LeadGroupCommit>();
        services.AddSingleton<UploadsContainer>();
        services.AddSingleton<StorageResources>();
        services.AddHostedService<StorageInitializer>();
        return services;
    }
}
