using LeadFunctions.LocalHost;
using LeadFunctions.LocalHost.Configuration;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace LeadFunctions.IntegrationTests.LocalHost;

public sealed class HostJsonExtensionsTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("leadfunctions-hostjson-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task Queue_and_blob_sections_of_host_json_bind_to_the_WebJobs_extension_options()
    {
        File.WriteAllText(Path.Combine(_directory, "host.json"), """
            {
              "version": "2.0",
              // comments are allowed, as in the Functions host
              "extensions": {
                "queues": { "batchSize": 7, "newBatchThreshold": 3, "maxPollingInterval": "00:00:04",
                            "visibilityTimeout": "00:00:09", "maxDequeueCount": 3, "messageEncoding": "none" },
                "blobs": { "maxDegreeOfParallelism": 2 }
              }
            }
            """);

        var builder = LocalFunctionsHost.CreateBuilder(new LocalFunctionsHostOptions
        {
            Layout = RepositoryLayout.At(_directory),
            LoadLocalSettings = false,
        });
        await using var app = builder.Build();

        var queues = app.Services.GetRequiredService<IOptions<QueuesOptions>>().Value;
        Assert.Equal(7, queues.BatchSize);
        Assert.Equal(3, queues.NewBatchThreshold);
        Assert.Equal(TimeSpan.FromSeconds(4), queues.MaxPollingInterval);
        Assert.Equal(TimeSpan.FromSeconds(9), queues.VisibilityTimeout);
        Assert.Equal(3, queues.MaxDequeueCount);
        Assert.Equal(Azure.Storage.Queues.QueueMessageEncoding.None, queues.MessageEncoding);
        Assert.Equal(2, app.Services.GetRequiredService<IOptions<Microsoft.Azure.WebJobs.Host.BlobsOptions>>().Value.MaxDegreeOfParallelism);
    }

    [Fact]
    public void The_repository_host_json_is_the_one_the_local_host_reads()
    {
        var layout = RepositoryLayout.Discover(AppContext.BaseDirectory);

        Assert.NotNull(layout.Root);
        Assert.Equal(Path.Combine(layout.Root, "host.json"), layout.HostJsonPath);
    }
}
