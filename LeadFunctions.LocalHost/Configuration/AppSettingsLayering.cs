using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Memory;

namespace LeadFunctions.LocalHost.Configuration;

/// <summary>
/// Stacks the local host's settings the way Core Tools and the Functions host do, lowest first: host.json (under
/// <c>AzureFunctionsJobHost</c>), the app's defaults, local.settings.json <c>Values</c>, then what the web host already
/// reads (environment variables, command line) and finally explicit overrides. Core Tools copies a local setting into
/// the environment only when that variable is not already set, so environment variables win over the file here too.
/// </summary>
public static class AppSettingsLayering
{
    /// <summary>Defaults that keep the trigger binding expressions resolvable when no setting names them.</summary>
    public static IReadOnlyDictionary<string, string?> AppDefaults { get; } = new Dictionary<string, string?>
    {
        ["LeadScoring:UploadsContainer"] = LeadScoringOptions.DefaultUploadsContainer,
        ["LeadScoring:ScoringQueue"] = LeadScoringOptions.DefaultScoringQueue,
        ["LeadScoring:OperationsQueue"] = LeadScoringOptions.DefaultOperationsQueue,
        ["LeadScoring:IngestQueue"] = LeadScoringOptions.DefaultIngestQueue,
        ["LeadScoring:WebhookQueue"] = LeadScoringOptions.DefaultWebhookQueue,
    };

    public static void Apply(
        ConfigurationManager configuration,
        string? hostJsonPath,
        LocalSettings? localSettings,
        IReadOnlyDictionary<string, string?> overrides)
    {
        var lowest = new List<IReadOnlyDictionary<string, string?>>();
        if (hostJsonPath is not null)
        {
            lowest.Add(HostJsonExtensionsConfigurator.Read(hostJsonPath));
        }

        lowest.Add(AppDefaults);
        if (localSettings is not null)
        {
            lowest.Add(localSettings.Values);
        }

        for (var i = 0; i < lowest.Count; i++)
        {
            configuration.Sources.Insert(i, new MemoryConfigurationSource { InitialData = lowest[i] });
        }

        configuration.AddInMemoryCollection(overrides);

        // Only when no connection (string or identity-based section) is configured at all: the app's default.
        if (!configuration.GetSection(LeadScoringOptions.StorageConnection).Exists())
        {
            configuration.Sources.Insert(0, new MemoryConfigurationSource
            {
                InitialData = [new(LeadScoringOptions.StorageConnection, LeadFunctions.Storage.StorageClientFactory.DevelopmentStorage)],
            });
        }
    }
}
