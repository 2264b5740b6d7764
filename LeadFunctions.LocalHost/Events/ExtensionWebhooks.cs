using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Description;
using Microsoft.Azure.WebJobs.Host.Config;
using Microsoft.Extensions.Configuration;

namespace LeadFunctions.LocalHost.Events;

/// <summary>
/// The WebJobs host asks this, while it initialises each extension, for the URL of that extension's webhook; an
/// extension that receives webhooks (the blobs extension, for its Event Grid source) is an
/// <c>IAsyncConverter&lt;HttpRequestMessage, HttpResponseMessage&gt;</c>. As in the Functions host, the webhook's name
/// is the extension's configuration section in lower case (<c>blobs</c>), served at <c>/runtime/webhooks/{name}</c>.
/// </summary>
#pragma warning disable CS0618 // IWebHookProvider is marked "not ready for public consumption"; it is how the Functions host does it.
internal sealed class ExtensionWebhooks(IConfiguration configuration) : IWebHookProvider
#pragma warning restore CS0618
{
    public const string RoutePrefix = "runtime/webhooks";

    private readonly ConcurrentDictionary<string, IAsyncConverter<HttpRequestMessage, HttpResponseMessage>> _handlers =
        new(StringComparer.OrdinalIgnoreCase);

    public Uri GetUrl(IExtensionConfigProvider extension)
    {
        var handler = extension as IAsyncConverter<HttpRequestMessage, HttpResponseMessage>
            ?? throw new InvalidOperationException($"{extension.GetType().Name} must implement IAsyncConverter<HttpRequestMessage, HttpResponseMessage> to receive webhooks.");
        var name = NameOf(extension.GetType());
        _handlers[name] = handler;

        // The extension only logs it. Kestrel has not bound yet, so the address is the configured one.
        var urls = configuration[WebHostDefaults.ServerUrlsKey]?.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var baseUrl = urls is [var first, ..] && Uri.TryCreate(first.Replace("*", "localhost").Replace("+", "localhost"), UriKind.Absolute, out var parsed)
            ? parsed
            : new Uri($"http://127.0.0.1:{LocalFunctionsHost.DefaultHttpPort}");
        return new Uri(baseUrl, $"/{RoutePrefix}/{name}");
    }

    public bool TryGet(string name, out IAsyncConverter<HttpRequestMessage, HttpResponseMessage> handler) =>
        _handlers.TryGetValue(name, out handler!);

    public IReadOnlyCollection<string> Names => [.. _handlers.Keys.Order(StringComparer.Ordinal)];

    internal static string NameOf(Type extensionType) =>
        (extensionType.GetCustomAttribute<ExtensionAttribute>()?.ConfigurationSection ?? extensionType.Name).ToLowerInvariant();
}
