using LeadFunctions.Leads;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.Storage;

public static class StorageServiceCollectionExtensions
{
    public static IServiceCollection AddLeadStorage(this IServiceCollection services)
    {
        services.AddSingleton<StorageClientFactory>();
        services.AddSingleton(sp => sp.GetRequiredService<StorageClientFactory>().CreateBlobServiceClient());
        services.AddSingleton(sp => sp.GetRequiredService<StorageClientFactory>().CreateQueueServiceClient());
        services.AddSingleton(sp => sp.GetRequiredService<StorageClientFactory>().CreateTableServiceClient());
        services.AddSingleton<StorageHealthProbe>();
        services.AddSingleton<LeadTables>();
        services.AddSingleton<LeadPartitionWriter>();
        services.AddSingleton<OfferRepository>();
        services.AddSingleton<BatchRepository>();
        services.AddSingleton<LeadReader>();
        services.AddSingleton<LeadPager>();
        services.AddSingleton<Batches.BatchViewBuilder>();
        services.AddSingleton<ScoringQueue>();
        services.AddSingleton<LeadRequeuer>();
        services.AddSingleton<Ingest.LeadChunkWriter>();
        services.AddSingleton<Ingest.BatchIngestor>();
        services.AddSingleton<Ingest.IngestQueue>();
        services.AddSingleton<Ingest.IngestSlots>();
        services.AddSingleton<Ingest.SegmentSource>();
        services.AddSingleton<Ingest.SegmentPlanner>();
        services.AddSingleton<Ingest.SegmentIngestor>();
        services.AddSingleton<Ingest.BatchSegments>();
        services.AddSingleton<BatchLeadCount>();
        services.AddSingleton<Ingest.BlobBatches>();
        services.AddSingleton<Ingest.UploadRetention>();
        services.AddSingleton<Operations.OperationStore>();
        services.AddSingleton<Operations.OperationRunner>();
        services.AddSingleton<Offers.OfferDeleter>();
        services.AddSingleton<UploadsContainer>();
        services.AddSingleton<Scoring.LeadScoringProcessor>();
        services.AddHostedService<StorageInitializer>();
        return services;
    }
}
