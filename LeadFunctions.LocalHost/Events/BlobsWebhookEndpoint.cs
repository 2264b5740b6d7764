using System.Net;
using System.Text.Json;
using Azure;
using Azure.Storage.Blobs;
using LeadFunctions.LocalHost.Catalogue;
using LeadFunctions.LocalHost.Http;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.WebJobs;
using Microsoft.Azure.WebJobs.Host;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.LocalHost.Events;

/// <summary>
/// Serves <c>/runtime/webhooks/{extension}?functionName=Host.Functions.{name}</c> as the Functions host does: the
/// request goes to the extension's own handler (for <c>blobs</c>, the blobs extension's Event Grid code: the
/// subscription-validation handshake, the CloudEvents OPTIONS handshake, Event Grid schema arrays and single
/// CloudEvents, each BlobCreated event queued on the blob-trigger queue, then 202). No key is checked, as with
/// <c>func start</c>. Before handing a request over, this checks what the extension takes on trust and would fail on
/// with an exception or a silent drop: the function name, the JSON, and each event's blob URL, type and ETag — so bad
/// input gets a 4xx problem, never a 5xx, and an event batch is queued whole or not at all.
/// </summary>
internal sealed class BlobsWebhookEndpoint(
    ExtensionWebhooks webhooks,
    INameResolver nameResolver,
    ILogger<BlobsWebhookEndpoint> logger)
{
    /// <summary>The prefix the Functions host gives every function id (<c>Host.Functions.IngestUploadedCsv</c>).</summary>
    public const string FunctionIdPrefix = "Host.Functions.";

    /// <summary>Event Grid delivers at most 1 MB per request.</summary>
    public const int MaxBodyBytes = 1024 * 1024;

    private const string EventTypeHeader = "aeg-event-type";
    private static readonly string[] BlobTypes = ["BlockBlob", "PageBlob", "AppendBlob"];

    public static void Map(IEndpointRouteBuilder endpoints) =>
        endpoints.MapMethods($"{ExtensionWebhooks.RoutePrefix}/{{name}}", ["POST", "OPTIONS"], (HttpContext context, string name) =>
                context.RequestServices.GetRequiredService<BlobsWebhookEndpoint>().HandleAsync(context, name))
            .WithDisplayName("Extension webhooks");

    public async Task HandleAsync(HttpContext context, string name)
    {
        var ct = context.RequestAborted;
        if (!webhooks.TryGet(name, out var handler))
        {
            await Problems.WriteAsync(context, Problems.Problem(StatusCodes.Status404NotFound, "No such extension webhook",
                $"No extension serves the webhook '{name}'. Webhooks here: {string.Join(", ", webhooks.Names)}."));
            return;
        }

        var requested = context.Request.Query["functionName"].ToString();
        var function = BlobEventFunctions().FirstOrDefault(f => Matches(requested, f.Name));
        if (function is null)
        {
            var known = string.Join(", ", BlobEventFunctions().Select(f => FunctionIdPrefix + f.Name));
            await Problems.WriteAsync(context, Problems.Problem(StatusCodes.Status404NotFound, "Unknown function",
                $"functionName '{requested}' names no blob-triggered function with the Event Grid source. Known: {known}."));
            return;
        }

        var body = await ReadBodyAsync(context.Request, ct);
        if (body is null)
        {
            await Problems.WriteAsync(context, Problems.Problem(StatusCodes.Status413PayloadTooLarge, "Too large",
                $"Event deliveries are limited to {MaxBodyBytes} bytes."));
            return;
        }

        var eventType = context.Request.Headers[EventTypeHeader].ToString();
        if (!HttpMethods.IsOptions(context.Request.Method) && Validate(eventType, body, ContainerOf(function)) is { } problem)
        {
            await Problems.WriteAsync(context, Problems.Problem(StatusCodes.Status400BadRequest, "Invalid event delivery", problem));
            return;
        }

        // The extension's queue registrations carry each function's WebJobs short name, which is its function name.
        using var request = ToRequestMessage(context.Request, body, function.Name);
        HttpResponseMessage response;
        try
        {
            response = await handler.ConvertAsync(request, ct);
        }
        catch (RequestFailedException ex)
        {
            logger.LogWarning(ex, "Queueing blob events for {Function} failed", function.Name);
            await Problems.WriteAsync(context, Problems.Problem(StatusCodes.Status503ServiceUnavailable, "Storage unavailable",
                "The events could not be queued; deliver them again."));
            return;
        }

        using (response)
        {
            await WriteAsync(context, response, ct);
        }
    }

    /// <summary>Null when the body is acceptable to the extension, else what is wrong with it.</summary>
    internal static string? Validate(string eventType, byte[] body, string container)
    {
        var isValidation = string.Equals(eventType, "SubscriptionValidation", StringComparison.OrdinalIgnoreCase);
        if (!isValidation
            && !string.Equals(eventType, "Notification", StringComparison.OrdinalIgnoreCase)
            && !string.Equals(eventType, "Unsubscribe", StringComparison.OrdinalIgnoreCase))
        {
            return $"The {EventTypeHeader} header must be SubscriptionValidation, Notification or Unsubscribe (was '{eventType}').";
        }

        if (string.Equals(eventType, "Unsubscribe", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            return $"The body is not JSON: {ex.Message}";
        }

        if (root.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
        {
            return "The body must be one event (a JSON object, as CloudEvents sends it) or an array of events (Event Grid schema).";
        }

        var events = root.ValueKind == JsonValueKind.Array ? [.. root.EnumerateArray()] : new List<JsonElement> { root };
        if (isValidation)
        {
            return events is [{ ValueKind: JsonValueKind.Object } first, ..]
                && first.TryGetProperty("data", out var data) && data.ValueKind == JsonValueKind.Object
                && data.TryGetProperty("validationCode", out var code) && code.ValueKind == JsonValueKind.String
                ? null
                : "A SubscriptionValidation event must carry data.validationCode.";
        }

        for (var i = 0; i < events.Count; i++)
        {
            if (EventProblem(events[i], container) is { } problem)
            {
                return events.Count == 1 ? problem : $"Event {i}: {problem}";
            }
        }

        return null;
    }

    private static string? EventProblem(JsonElement e, string container)
    {
        if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            return "Every event must be a JSON object with a data object.";
        }

        if (!data.TryGetProperty("url", out var url) || url.ValueKind != JsonValueKind.String
            || !Uri.TryCreate(url.GetString(), UriKind.Absolute, out var blobUri) || blobUri.Scheme is not ("http" or "https"))
        {
            return "data.url must be the blob's absolute http(s) URL.";
        }

        BlobUriBuilder blob;
        try
        {
            blob = new BlobUriBuilder(blobUri);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException or UriFormatException)
        {
            return $"data.url is not a blob URL: {ex.Message}";
        }

        if (!string.Equals(blob.BlobContainerName, container, StringComparison.Ordinal) || string.IsNullOrEmpty(blob.BlobName))
        {
            return $"data.url must name a blob in the container '{container}' (was '{blobUri}').";
        }

        if (!data.TryGetProperty("blobType", out var blobType) || blobType.ValueKind != JsonValueKind.String || !BlobTypes.Contains(blobType.GetString()))
        {
            return $"data.blobType must be one of {string.Join(", ", BlobTypes)}.";
        }

        return data.TryGetProperty("eTag", out var eTag) && eTag.ValueKind == JsonValueKind.String && !string.IsNullOrEmpty(eTag.GetString())
            ? null
            : "data.eTag must be the blob's ETag.";
    }

    private IEnumerable<LocalFunctionBinding> BlobEventFunctions() =>
        LocalFunctionCatalogue.Describe().Where(b => b.TriggerType == "blobTrigger" && b.Source == nameof(BlobTriggerSource.EventGrid));

    private string ContainerOf(LocalFunctionBinding function) =>
        nameResolver.ResolveWholeString(function.BlobPath!).Split('/', 2)[0];

    private static bool Matches(string requested, string functionName) =>
        string.Equals(requested, FunctionIdPrefix + functionName, StringComparison.OrdinalIgnoreCase)
        || string.Equals(requested, functionName, StringComparison.OrdinalIgnoreCase);

    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, CancellationToken ct)
    {
        if (request.ContentLength > MaxBodyBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > MaxBodyBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static HttpRequestMessage ToRequestMessage(HttpRequest request, byte[] body, string functionName)
    {
        var uri = new Uri($"{request.Scheme}://{request.Host}{request.Path}?functionName={Uri.EscapeDataString(functionName)}");
        var message = new HttpRequestMessage(new HttpMethod(request.Method), uri) { Content = new ByteArrayContent(body) };
        foreach (var (key, values) in request.Headers)
        {
            if (key is "Content-Length" or "Transfer-Encoding")
            {
                continue;
            }

            if (!message.Headers.TryAddWithoutValidation(key, (IEnumerable<string?>)values))
            {
                message.Content.Headers.TryAddWithoutValidation(key, (IEnumerable<string?>)values);
            }
        }

        return message;
    }

    private static async Task WriteAsync(HttpContext context, HttpResponseMessage response, CancellationToken ct)
    {
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (key, values) in response.Headers)
        {
            context.Response.Headers[key] = values.ToArray();
        }

        var content = response.Content is null ? [] : await response.Content.ReadAsByteArrayAsync(ct);
        if (content.Length > 0)
        {
            // The handshake answer, {"validationResponse": "..."}.
            context.Response.ContentType = response.StatusCode == HttpStatusCode.OK ? "application/json" : "text/plain";
            await context.Response.Body.WriteAsync(content, ct);
        }
    }
}
