using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Tests.Configuration;

/// <summary>The app reads the host's queue settings (<c>maxDequeueCount</c>, messages in flight) rather than keeping a copy of its own.</summary>
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
    [Theory]
    [InlineData("""{ "extensions": { "queues": { "batchSize": 32, "newBatchThreshold": 32 } } }""", 64)]
    [InlineData("""{ "extensions": { "queues": { "batchSize": 8, "newBatchThreshold": 0 } } }""", 8)]
    public void Messages_in_flight_are_a_batch_plus_the_threshold_at_which_the_next_is_fetched(string hostJson, int expected) =>
        Assert.Equal(expected, HostQueueSettings.MessagesInFlight(hostJson));

    [Fact]
    public void Messages_in_flight_use_the_extension_s_defaults_where_host_json_sets_none() =>
        Assert.Equal(16 + 8 * Environment.ProcessorCount, HostQueueSettings.MessagesInFlight("""{ "version": "2.0" }"""));
    [Fact]
    public void Counter_shards_are_at_least_as_many_as_the_messages_one_instance_holds()
    {
        var inFlight = HostQueueSettings.MessagesInFlight(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "host.json")));

        Assert.True(LeadKeys.ShardCount >= inFlight, $"{LeadKeys.ShardCount} counter shards for {inFlight} messages in flight");
    }
}
