using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.Callbacks;

public static class CallbackServiceCollectionExtensions
{
    /// <summary>The batch-end callbacks: URL checks, the hook where ingest ends, the webhook queue and its runner.</summary>
    public static IServiceCollection AddBatchCallbacks(this IServiceCollection services)
    {
        services.AddSingleton<CallbackUrlPolicy>();
        services.AddSingleton<BatchCallbacks>();
        services.AddSingleton<WebhookQueue>();
        services.AddSingleton<CallbackSender>();
        services.AddSingleton<BatchCallbackRunner>();
        return services;
    }
}
