using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.Operations;

public static class OperationServiceCollectionExtensions
{
    /// <summary>Operations: whole-scope work (rescoring, offer deletion, upload expiry) queued and run in the background.</summary>
    public static IServiceCollection AddOperations(this IServiceCollection services)
    {
        services.AddSingleton<OperationStore>();
        services.AddSingleton<OperationRunner>();
        return services;
    }
}
