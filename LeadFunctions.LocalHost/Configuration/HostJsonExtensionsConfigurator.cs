using Microsoft.Extensions.Configuration;

namespace LeadFunctions.LocalHost.Configuration;

/// <summary>
/// Gives the WebJobs extensions the settings of the app's own host.json, the way the Functions host does: host.json is
/// exposed under <c>AzureFunctionsJobHost</c> and WebJobs is told (<c>AzureWebJobsConfigurationSection</c>) to read
/// its options from there, so <c>extensions.queues</c> binds to <c>QueuesOptions</c> and <c>extensions.blobs</c> to
/// <c>BlobsOptions</c> by the extensions' own binding code. Like app settings in Azure, environment variables such as
/// <c>AzureFunctionsJobHost__extensions__queues__batchSize</c> override the file. host.json log levels apply to the
/// local host's logging too.
/// </summary>
public static class HostJsonExtensionsConfigurator
{
    public const string JobHostSection = "AzureFunctionsJobHost";

    /// <summary>The key WebJobs reads to find its root configuration section.</summary>
    public const string WebJobsRootSectionKey = "AzureWebJobsConfigurationSection";

    /// <summary>Flattens host.json into configuration keys; they go below every other source.</summary>
    public static IReadOnlyDictionary<string, string?> Read(string hostJsonPath)
    {
        IConfiguration hostJson;
        try
        {
            hostJson = new ConfigurationBuilder().AddJsonFile(hostJsonPath, optional: false).Build();
        }
        catch (Exception ex) when (ex is FormatException or InvalidDataException or IOException)
        {
            throw new LocalHostSetupException($"{hostJsonPath} could not be read: {ex.Message}", ex);
        }

        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [WebJobsRootSectionKey] = JobHostSection,
        };
        foreach (var (key, value) in hostJson.AsEnumerable())
        {
            settings[ConfigurationPath.Combine(JobHostSection, key)] = value;
        }

        foreach (var (key, value) in hostJson.GetSection("logging:logLevel").AsEnumerable(makePathsRelative: true))
        {
            settings[ConfigurationPath.Combine("Logging", "LogLevel", key)] = value;
        }

        return settings;
    }
}
