using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Tests.Http;

/// <summary>The worker middleware called directly, as the Functions worker and the local host call it.</summary>
public sealed class HttpFunctionMiddlewareTests
{
    private const string Secret = "secret-account.table.core.windows.net";

    private readonly RecordingLoggerProvider _logs = new();

    [Fact]
    public async Task An_unhandled_exception_is_logged_and_answered_with_a_500_problem_without_its_details()
    {
        var http = Context("POST");

        await Middleware().InvokeAsync(http, "CreateOffer", () => throw new InvalidOperationException($"Connection to {Secret} refused"));

        var (status, contentType, body) = Answer(http);
        Assert.Equal((500, Problems.ContentType), (status, contentType));
        Assert.Equal(500, body["status"]!.GetValue<int>());
        Assert.Equal("An unexpected error occurred.", body["title"]!.GetValue<string>());
        Assert.Equal("Function 'CreateOffer' failed.", body["detail"]!.GetValue<string>());
        Assert.DoesNotContain(Secret, body.ToJsonString(), StringComparison.Ordinal);
        Assert.DoesNotContain(nameof(InvalidOperationException), body.ToJsonString(), StringComparison.Ordinal);
        var logged = Assert.Single(_logs.Entries, e => e.Level == LogLevel.Error);
        Assert.IsType<InvalidOperationException>(logged.Exception);
    }

    [Theory]
    [InlineData("POST", "https://evil.example", null)]
    [InlineData("DELETE", "http://127.0.0.1:9999", null)]
    [InlineData("PUT", "null", null)]
    [InlineData("POST", null, "cross-site")]
    public async Task A_cross_site_browser_request_with_an_unsafe_method_is_refused_before_the_function_runs(string method, string? origin, string? fetchSite)
    {
        var http = Context(method, origin, fetchSite);
        var ran = false;

        await Middleware().InvokeAsync(http, "UploadLeads", () => Task.FromResult(ran = true));

        var (status, contentType, body) = Answer(http);
        Assert.False(ran);
        Assert.Equal((403, Problems.ContentType), (status, contentType));
        Assert.False(string.IsNullOrWhiteSpace(body["detail"]?.GetValue<string>()));
    }

    [Theory]
    [InlineData("POST", null, null)]
    [InlineData("POST", "http://127.0.0.1:7071", "same-origin")]
    [InlineData("POST", "https://func-api-abc.azurewebsites.net", "same-origin")] // Host rewritten by the Functions host's proxy
    [InlineData("DELETE", "http://127.0.0.1:7071", null)]
    [InlineData("GET", "https://evil.example", "cross-site")]
    public async Task Same_origin_pages_clients_without_an_origin_and_safe_methods_pass(string method, string? origin, string? fetchSite)
    {
        var http = Context(method, origin, fetchSite);
        var ran = false;

        await Middleware().InvokeAsync(http, "UploadLeads", () => Task.FromResult(ran = true));

        Assert.True(ran);
        Assert.Equal(200, http.Response.StatusCode);
    }

    [Fact]
    public async Task Behind_a_proxy_the_forwarded_host_is_the_apis_own_origin()
    {
        var http = Context("POST", "https://leads.example.com", "same-origin");
        http.Request.Headers["X-Forwarded-Host"] = "leads.example.com";
        var ran = false;

        await Middleware().InvokeAsync(http, "CreateOffer", () => Task.FromResult(ran = true));

        Assert.True(ran);
    }

    [Fact]
    public async Task A_problem_written_outside_mvc_keeps_its_field_errors()
    {
        var http = Context("GET");

        await Problems.WriteAsync(http, Problems.Validation("page_size", "Must be a whole number from 1 to 1000."));

        var (status, contentType, body) = Answer(http);
        Assert.Equal((400, Problems.ContentType), (status, contentType));
        Assert.Equal("Must be a whole number from 1 to 1000.", body["errors"]!["page_size"]![0]!.GetValue<string>());
    }

    private HttpFunctionMiddleware Middleware() => new(LoggerFactory.Create(b => b.AddProvider(_logs)).CreateLogger<HttpFunctionMiddleware>());

    private static DefaultHttpContext Context(string method, string? origin = null, string? fetchSite = null)
    {
        var http = new DefaultHttpContext { RequestServices = new ServiceCollection().AddLogging().BuildServiceProvider() };
        http.Request.Method = method;
        http.Request.Scheme = "http";
        http.Request.Host = new HostString("127.0.0.1:7071");
        http.Response.Body = new MemoryStream();
        if (origin is not null)
        {
            http.Request.Headers.Origin = origin;
        }

        if (fetchSite is not null)
        {
            http.Request.Headers["Sec-Fetch-Site"] = fetchSite;
        }

        return http;
    }

    private static (int Status, string? ContentType, JsonObject Body) Answer(DefaultHttpContext http)
    {
        var text = System.Text.Encoding.UTF8.GetString(((MemoryStream)http.Response.Body).ToArray());
        return (http.Response.StatusCode, http.Response.ContentType?.Split(';')[0], JsonNode.Parse(text)!.AsObject());
    }
}
