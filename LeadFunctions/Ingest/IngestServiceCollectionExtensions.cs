using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.Ingest;

public static class IngestServiceCollectionExtensions
{
    /// <summary>Ingest: from an uploaded CSV, cut into segments, to stored leads and their scoring messages, and the uploads' retention.</summary>
    public static IServiceCollection AddIngest(this IServiceCollection services)
    {
        services.AddSingleton<LeadChunkWriter>();
        services.AddSingleton<BatchIngestor>();
        services.AddSingleton<IngestQueue>();
        services.AddSingleton<IngestSlots>();
        services.AddSingleton<SegmentSource>();
        services.AddSingleton<SegmentPlanner>();
        services.AddSingleton<SegmentIngestor>();
        services.AddSingleton<BatchSegments>();
        services.AddSingleton<BlobBatches>();
        services.AddSingleton<UploadRetention>();
        return services;
    }
}
