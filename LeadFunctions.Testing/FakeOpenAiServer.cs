using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LeadFunctions.Testing;

/// <summary>
/// A real HTTP server on 127.0.0.1 (Kestrel, free port) that speaks the chat-completions API in both shapes the app uses:
/// OpenAI's <c>POST /v1/chat/completions</c> and Azure OpenAI's
/// <c>POST /openai/deployments/{deployment}/chat/completions?api-version=…</c>.
/// Tests script it with <see cref="Enqueue"/> (one reply per call, in order) and <see cref="DefaultReply"/> (when the
/// queue is empty: by default High/Medium/Low from keywords in the lead text), and read back the calls it saw.
/// Safe for many concurrent requests. Dispose stops it.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<FakeReply> _script = new();
    private readonly ConcurrentQueue<FakeChatRequest> _requests = new();
    private int _callCount;
    private int _rateLimitedCount;
    private int _inFlight;
    private int _maxInFlight;

    private FakeOpenAiServer(WebApplication app) => _app = app;

    /// <summary>Root of the server, e.g. <c>http://127.0.0.1:5123/</c>: the Azure OpenAI endpoint.</summary>
    public Uri BaseUri { get; private set; } = null!;

    /// <summary>The OpenAI-compatible base URL, <c>{BaseUri}v1</c>, as configured for Ollama or vLLM.</summary>
    public Uri OpenAiBaseUri => new(BaseUri, "v1");

    /// <summary>Added before every reply (benchmarks: a model's latency). Default none.</summary>
    public TimeSpan Latency { get; set; } = TimeSpan.Zero;

    /// <summary>The reply when no scripted reply is queued. Default: <see cref="DecideFromLeadText"/>.</summary>
    public Func<FakeChatRequest, FakeReply> DefaultReply { get; set; } = DecideFromLeadText;

    /// <summary>
    /// A provider quota the server enforces itself (null, the default: none). A request over it is answered 429 with
    /// <c>Retry-After</c> and <c>retry-after-ms</c>, before any scripted reply or latency, as a provider refuses at once.
    /// </summary>
    public SlidingWindowRateLimit? RateLimit { get; set; }

    /// <summary>Requests refused with 429 by <see cref="RateLimit"/>.</summary>
    public int RateLimitedCount => Volatile.Read(ref _rateLimitedCount);

    /// <summary>Chat-completion requests received (every one, whatever its reply).</summary>
    public int CallCount => Volatile.Read(ref _callCount);

    /// <summary>The most requests that were being served at the same moment.</summary>
    public int MaxConcurrentCalls => Volatile.Read(ref _maxInFlight);

    /// <summary>The requests received, in arrival order.</summary>
    public IReadOnlyList<FakeChatRequest> Requests => _requests.ToArray();

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var app = LoopbackWebApp.CreateBuilder().Build();
        var server = new FakeOpenAiServer(app);
        app.MapPost("/v1/chat/completions", context => server.HandleAsync(context, deployment: null));
        app.MapPost("/openai/deployments/{deployment}/chat/completions", context =>
            server.HandleAsync(context, (string?)context.Request.RouteValues["deployment"]));
        server.BaseUri = await LoopbackWebApp.StartAsync(app);
        return server;
    }

    /// <summary>Queues replies for the next calls, in order.</summary>
    public void Enqueue(params FakeReply[] replies)
    {
        foreach (var reply in replies)
        {
            _script.Enqueue(reply);
        }
    }

    /// <summary>High for a CEO, founder or VP; Medium for a manager or director; Low otherwise (words of the lead block).</summary>
    public static FakeReply DecideFromLeadText(FakeChatRequest request)
    {
        var text = request.LeadBlock ?? request.UserMessage ?? "";
        if (Regex.IsMatch(text, @"\b(ceo|founder|vp)\b", RegexOptions.IgnoreCase))
        {
            return FakeReply.Intent("High", "Senior decision maker in a matching company.");
        }

        return Regex.IsMatch(text, @"\b(manager|director)\b", RegexOptions.IgnoreCase)
            ? FakeReply.Intent("Medium", "Relevant role with partial fit.")
            : FakeReply.Intent("Low", "Little fit with the offer.");
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context, string? deployment)
    {
        Interlocked.Increment(ref _callCount);
        var inFlight = Interlocked.Increment(ref _inFlight);
        for (var max = Volatile.Read(ref _maxInFlight); inFlight > max; max = Volatile.Read(ref _maxInFlight))
        {
            Interlocked.CompareExchange(ref _maxInFlight, inFlight, max);
        }

        try
        {
            using var reader = new StreamReader(context.Request.Body);
            var body = await reader.ReadToEndAsync(context.RequestAborted);
            var (accepted, retryAfter) = RateLimit?.TryAcquire() ?? (true, TimeSpan.Zero);
            var request = new FakeChatRequest(
                context.Request.Path.Value ?? "",
                deployment,
                context.Request.Query["api-version"].FirstOrDefault(),
                body,
                context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase))
            {
                ReceivedAt = DateTimeOffset.UtcNow,
                RateLimited = !accepted,
            };
            _requests.Enqueue(request);
            if (!accepted)
            {
                Interlocked.Increment(ref _rateLimitedCount);
                var milliseconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalMilliseconds));
                await ReplyAsync(context, request, FakeReply.Status(
                    429,
                    retryAfter: ((milliseconds + 999) / 1000).ToString(CultureInfo.InvariantCulture),
                    retryAfterMs: milliseconds.ToString(CultureInfo.InvariantCulture)));
                return;
            }

            if (Latency > TimeSpan.Zero)
            {
                await Task.Delay(Latency, context.RequestAborted);
            }

            var reply = _script.TryDequeue(out var scripted) ? scripted : DefaultReply(request);
            await ReplyAsync(context, request, reply);
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            // The client gave up (its timeout): nothing to answer.
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private static async Task ReplyAsync(HttpContext context, FakeChatRequest request, FakeReply reply)
    {
        switch (reply)
        {
            case FakeReply.DelayedReply delayed:
                await Task.Delay(delayed.Wait, context.RequestAborted);
                await ReplyAsync(context, request, delayed.Then);
                break;

            case FakeReply.DropReply:
                context.Abort();
                break;

            case FakeReply.StatusReply status:
                context.Response.StatusCode = status.StatusCode;
                foreach (var (name, value) in status.Headers)
                {
                    context.Response.Headers[name] = value;
                }

                await context.Response.WriteAsJsonAsync(new JsonObject
                {
                    ["error"] = new JsonObject
                    {
                        ["message"] = $"Fake error {status.StatusCode}",
                        ["type"] = status.StatusCode == 429 ? "rate_limit_exceeded" : "server_error",
                        ["code"] = status.StatusCode.ToString(),
                    },
                });
                break;

            case FakeReply.ContentReply content:
                await context.Response.WriteAsJsonAsync(ChatCompletion(request, content.Text, content.FinishReason));
                break;

            default:
                throw new InvalidOperationException($"Unknown fake reply {reply}.");
        }
    }

    private static JsonObject ChatCompletion(FakeChatRequest request, string content, string finishReason) => new()
    {
        ["id"] = "chatcmpl-fake-" + Guid.NewGuid().ToString("N"),
        ["object"] = "chat.completion",
        ["created"] = DateTimeOffset.UtcNow.ToUnixTimeSeconds(),
        ["model"] = request.Deployment ?? request.Model ?? "fake-model",
        ["choices"] = new JsonArray(new JsonObject
        {
            ["index"] = 0,
            ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = content, ["refusal"] = null },
            ["logprobs"] = null,
            ["finish_reason"] = finishReason,
        }),
        ["usage"] = new JsonObject { ["prompt_tokens"] = 250, ["completion_tokens"] = 30, ["total_tokens"] = 280 },
        ["system_fingerprint"] = "fp_fake",
    };
}

/// <summary>One scripted behaviour of <see cref="FakeOpenAiServer"/>.</summary>
public abstract record FakeReply
{
    /// <summary>A valid structured answer <c>{"intent": …, "reasoning": …}</c>.</summary>
    public static FakeReply Intent(string intent, string reasoning = "Fake reasoning.") =>
        new ContentReply(JsonSerializer.Serialize(new { intent, reasoning }));

    /// <summary>Any assistant content (malformed JSON, an unknown intent…), with a finish reason.</summary>
    public static FakeReply Content(string content, string finishReason = "stop") => new ContentReply(content, finishReason);

    /// <summary>An error status with an OpenAI-style error body and optional Retry-After / retry-after-ms headers.</summary>
    public static FakeReply Status(int statusCode, string? retryAfter = null, string? retryAfterMs = null)
    {
        var headers = new Dictionary<string, string>();
        if (retryAfter is not null)
        {
            headers["Retry-After"] = retryAfter;
        }

        if (retryAfterMs is not null)
        {
            headers["retry-after-ms"] = retryAfterMs;
        }

        return new StatusReply(statusCode, headers);
    }

    /// <summary>Waits (abandoned if the client hangs up first), then replies.</summary>
    public static FakeReply Delay(TimeSpan delay, FakeReply then) => new DelayedReply(delay, then);

    /// <summary>Closes the connection without an answer.</summary>
    public static FakeReply DropConnection() => new DropReply();

    internal sealed record ContentReply(string Text, string FinishReason = "stop") : FakeReply;

    internal sealed record StatusReply(int StatusCode, IReadOnlyDictionary<string, string> Headers) : FakeReply;

    internal sealed record DelayedReply(TimeSpan Wait, FakeReply Then) : FakeReply;

    internal sealed record DropReply : FakeReply;
}

/// <summary>A chat-completion request as <see cref="FakeOpenAiServer"/> received it.</summary>
public sealed record FakeChatRequest(
    string Path,
    string? Deployment,
    string? ApiVersion,
    string Body,
    IReadOnlyDictionary<string, string> Headers)
{
    /// <summary>When the server received it.</summary>
    public DateTimeOffset ReceivedAt { get; init; }

    /// <summary>True when <see cref="FakeOpenAiServer.RateLimit"/> refused it with 429.</summary>
    public bool RateLimited { get; init; }

    public JsonNode Json => JsonNode.Parse(Body) ?? throw new InvalidOperationException("Empty request body.");

    public string? Model => Json["model"]?.GetValue<string>();

    public string? SystemMessage => Message("system");

    public string? UserMessage => Message("user");

    /// <summary>The text between <c>&lt;lead_data&gt;</c> and <c>&lt;/lead_data&gt;</c> in the user message, if any.</summary>
    public string? LeadBlock
    {
        get
        {
            var match = Regex.Match(UserMessage ?? "", "<lead_data>(.*)</lead_data>", RegexOptions.Singleline);
            return match.Success ? match.Groups[1].Value : null;
        }
    }

    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;

    private string? Message(string role) =>
        Json["messages"]?.AsArray().FirstOrDefault(m => m?["role"]?.GetValue<string>() == role)?["content"] switch
        {
            JsonValue text => text.GetValue<string>(),
            JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>())),
            _ => null,
        };
}
