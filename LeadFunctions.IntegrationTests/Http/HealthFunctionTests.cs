using System.Text.Json;
using Azure.Data.Tables;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace LeadFunctions.IntegrationTests.Http;

/// <summary>Anonymous <c>/api/health</c>, called directly: storage state and AI mode, no host, account or deployment names.</summary>
public sealed class HealthFunctionTests
{
    [Fact]
    public async Task Unreachable_storage_and_a_deployed_model_are_reported_without_names_or_exception_text()
    {
        // Nothing listens on port 1: the client fails at once with an exception naming the address and account.
        var tables = new TableServiceClient(
            "DefaultEndpointsProtocol=http;AccountName=secretaccount;AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;TableEndpoint=http://127.0.0.1:1/secretaccount;",
            new TableClientOptions { Retry = { MaxRetries = 0 } });
        var ai = Options.Create(new AiOptions { Provider = AiProvider.AzureOpenAI, Endpoint = "https://oai-secretname.openai.azure.com/", Model = "secret-deployment" });
        var health = new HealthFunction(new StorageHealthProbe(tables), ai);

        var result = Assert.IsType<ObjectResult>(await health.Run(new DefaultHttpContext().Request, CancellationToken.None));

        Assert.Equal(503, result.StatusCode);
        var json = JsonSerializer.Serialize(result.Value, JsonDefaults.Options);
        Assert.Contains("\"reachable\":false", json, StringComparison.Ordinal);
        Assert.Contains("\"mode\":\"hybrid\"", json, StringComparison.Ordinal);
        Assert.Contains("\"error\":\"storage", json, StringComparison.Ordinal);
        foreach (var secret in new[] { "secret", "127.0.0.1", "Exception", "refused" })
        {
            Assert.DoesNotContain(secret, json, StringComparison.OrdinalIgnoreCase);
        }
    }
}
