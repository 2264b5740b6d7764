using Azure.Core;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.Benchmarks;

/// <summary>
/// Counts the storage requests of the WebJobs blob and queue extensions too (the trigger's receive and delete, its
/// blob receipts and leases), in <see cref="StorageRequestCounter"/> under <c>trigger queue …</c> / <c>trigger blob …</c>:
/// the extensions build their clients' options through <see cref="AzureComponentFactory"/>, which this wraps.
/// </summary>
public static class TriggerRequestCounting
{
    /// <summary>Wraps the registered component factory; false when there is none to wrap (then nothing is counted).</summary>
    public static bool Install(IServiceCollection services)
    {
        var registered = services.LastOrDefault(d => d.ServiceType == typeof(AzureComponentFactory));
        if (registered is null)
        {
            return false;
        }

        services.Remove(registered);
        services.AddSingleton<AzureComponentFactory>(sp => new Counting(Resolve(sp, registered)));
        return true;
    }

    private static AzureComponentFactory Resolve(IServiceProvider services, ServiceDescriptor descriptor) =>
        (AzureComponentFactory)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));

    private sealed class Counting(AzureComponentFactory inner) : AzureComponentFactory
    {
        public override TokenCredential CreateTokenCredential(IConfiguration configuration) => inner.CreateTokenCredential(configuration);

        public override object CreateClientOptions(Type optionsType, object? serviceVersion, IConfiguration configuration)
        {
            var options = inner.CreateClientOptions(optionsType, serviceVersion, configuration);
            if (options is ClientOptions clientOptions)
            {
                var service = optionsType.Name.Replace("ClientOptions", "", StringComparison.Ordinal).ToLowerInvariant();
                clientOptions.AddPolicy(StorageRequestCounter.PolicyFor(service, "trigger "), HttpPipelinePosition.PerRetry);
            }

            return options;
        }

        public override object CreateClient(Type clientType, IConfiguration configuration, TokenCredential? credential, object clientOptions) =>
            inner.CreateClient(clientType, configuration, credential!, clientOptions);
    }
}
