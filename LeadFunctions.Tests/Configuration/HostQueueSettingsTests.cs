using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Tests.Configuration;

/// <summary>The app reads the host's <c>maxDequeueCount</c> rather than keeping a copy of its own.</summary>
public class HostQueueSettingsTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("host-json-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void The_app_setting_over_host_json_wins_as_it_does_for_the_host()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["AzureFunctionsJobHost:extensions:queues:maxDequeueCount"] = "3",
            })
            .Build();
        using var provider = new ServiceCollection().AddApplicationServices(configuration).BuildServiceProvider();

        Assert.Equal(3, provider.GetRequiredService<IOptions<LeadScoringOptions>>().Value.MaxDequeueCount);
    }

    [Fact]
    public void Without_a_setting_the_host_json_beside_the_app_decides()
    {
        var hostJson = Path.Combine(_dir, "host.json");
        File.WriteAllText(hostJson, """{ "version": "2.0", "extensions": { "queues": { "maxDequeueCount": 7 } } }""");

        Assert.Equal(7, HostQueueSettings.MaxDequeueCount(new ConfigurationBuilder().Build(), hostJson));
    }

    [Fact]
    public void Without_a_setting_or_a_value_in_host_json_it_is_the_host_s_default()
    {
        var hostJson = Path.Combine(_dir, "host.json");
        File.WriteAllText(hostJson, """{ "version": "2.0", "extensions": { "blobs": {} } }""");

        Assert.Equal(HostQueueSettings.DefaultMaxDequeueCount, HostQueueSettings.MaxDequeueCount(new ConfigurationBuilder().Build(), hostJson));
        Assert.Equal(5, HostQueueSettings.DefaultMaxDequeueCount);
    }

    [Fact]
    public void The_worker_reads_the_repository_s_host_json_from_its_build_output()
    {
        var deployed = HostQueueSettings.FromHostJson(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")));

        Assert.NotNull(deployed);
        Assert.Equal(deployed, HostQueueSettings.MaxDequeueCount(new ConfigurationBuilder().Build()));
    }
}
