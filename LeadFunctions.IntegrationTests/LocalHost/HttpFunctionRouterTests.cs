using System.Net;
using System.Text.Json;
using LeadFunctions.LocalHost;
using LeadFunctions.LocalHost.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.IntegrationTests.LocalHost;

public sealed class HttpFunctionRouterTests(HttpFunctionRouterTests.ProbeHost host) : IClassFixture<HttpFunctionRouterTests.ProbeHost>
{
    private static readonly string[] ProbeNames = ["ProbeEcho", "ProbeItem", "ProbeThrows", "ProbeDefaultRoute"];

    [Fact]
    public async Task Route_values_bind_by_name_and_type()
    {
        using var response = await host.Http.GetAsync("/api/probe/42/ada/");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(42, body.RootElement.GetProperty("id").GetInt32());
        Assert.Equal("ada", body.RootElement.GetProperty("name").GetString());
        Assert.Equal("GET", body.RootElement.GetProperty("method").GetString());
    }

    [Fact]
    public async Task Route_constraints_and_methods_are_honoured()
    {
        using var notAnInt = await host.Http.GetAsync("/api/probe/abc/ada");
        using var wrongMethod = await host.Http.PostAsync("/api/probe/42/ada", content: null);
        using var secondMethod = await host.Http.DeleteAsync($"/api/probe/items/{Guid.Empty}");

        Assert.Equal(HttpStatusCode.NotFound, notAnInt.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, wrongMethod.StatusCode);
        Assert.Equal(HttpStatusCode.OK, secondMethod.StatusCode);
    }

    [Fact]
    public async Task A_route_value_of_the_wrong_type_is_a_400_problem()
    {
        using var response = await host.Http.GetAsync("/api/probe/items/not-a-guid");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("'id'", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unhandled_exception_is_logged_and_answered_with_a_500_problem_without_details()
    {
        using var response = await host.Http.PostAsync("/api/probe/throws", content: null);

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var text = await response.Content.ReadAsStringAsync();
        using var body = JsonDocument.Parse(text);
        Assert.False(string.IsNullOrWhiteSpace(body.RootElement.GetProperty("title").GetString()));
        Assert.Equal(500, body.RootElement.GetProperty("status").GetInt32());
        Assert.DoesNotContain("secret internal detail", text, StringComparison.Ordinal);
        Assert.DoesNotContain("at LeadFunctions", text, StringComparison.Ordinal);
        Assert.Contains(host.Logs.Entries, e => e.Level == LogLevel.Error && e.Exception?.Message == "secret internal detail");
    }

    [Fact]
    public async Task A_function_without_a_route_is_served_under_its_name_for_any_method()
    {
        using var get = await host.Http.GetAsync("/api/ProbeDefaultRoute");
        using var put = await host.Http.PutAsync("/api/probedefaultroute", content: null);

        Assert.Equal("default route", await get.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);
    }

    [Theory]
    [InlineData("ProbeUnbindable", "cannot bind parameter 'body'")]
    [InlineData("ProbeMissingRouteValue", "has no '{id}' in route")]
    public void A_parameter_the_host_cannot_bind_fails_at_startup(string function, string expected)
    {
        var builder = WebApplication.CreateBuilder();
        using var app = builder.Build();
        var descriptors = HttpFunctionDiscovery.Discover(typeof(UnbindableProbeFunctions).Assembly).Where(f => f.Name == function);

        var error = Assert.Throws<LocalHostSetupException>(() => HttpFunctionRouter.Map(app, descriptors, "api"));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    /// <summary>A bare web host with the probe functions mapped the way the local host maps the app's.</summary>
    public sealed class ProbeHost : IAsyncLifetime
    {
        private WebApplication _app = null!;

        public HttpClient Http { get; private set; } = null!;

        public RecordingLoggerProvider Logs { get; } = new();

        public async Task InitializeAsync()
        {
            var builder = WebApplication.CreateBuilder();
            builder.WebHost.UseUrls("http://127.0.0.1:0");
            builder.Logging.ClearProviders().AddProvider(Logs);
            builder.Services.AddMvcCore();
            _app = builder.Build();
            var probes = HttpFunctionDiscovery.Discover(typeof(RouterProbeFunctions).Assembly).Where(f => ProbeNames.Contains(f.Name));
            HttpFunctionRouter.Map(_app, probes, HttpFunctionRouter.DefaultRoutePrefix);
            await _app.StartAsync();
            Http = new HttpClient { BaseAddress = new Uri(_app.Urls.First()), Timeout = TimeSpan.FromSeconds(30) };
        }

        public async Task DisposeAsync()
        {
            Http.Dispose();
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}
