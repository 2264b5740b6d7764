using System.Net;
using System.Text.Json;
namespace LeadFunctions.IntegrationTests.LocalHost;

[Collection(AzuriteCollection.Name)]
public sealed class LocalHostHttpTests(AzuriteFixture storage) : IAsyncLifetime
{
    private RunningLocalHost _host = null!;

    public async Task InitializeAsync() => _host = await RunningLocalHost.StartAsync(storage);

    public async Task DisposeAsync() => await _host.DisposeAsync();

    [Theory]
    [InlineData("/api/health")]
    [InlineData("/api/health/")]
    public async Task Health_answers_200_json_with_storage_and_ai_mode(string path)
    {
        using var response = await _host.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("healthy", body.RootElement.GetProperty("status").GetString());
        Assert.True(body.RootElement.GetProperty("storage").GetProperty("reachable").GetBoolean());
        Assert.Equal("rules-only", body.RootElement.GetProperty("ai").GetProperty("mode").GetString());
    }

    [Theory]
    [InlineData("/api/no-such-route")]
    [InlineData("/health")]
    public async Task Unknown_routes_are_404(string path)
    {
        using var response = await _host.Http.GetAsync(path);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
