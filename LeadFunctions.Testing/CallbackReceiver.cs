using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace LeadFunctions.Testing;

/// <summary>
/// A receiver of batch callbacks on 127.0.0.1 (Kestrel, free port): records every POST with its headers and raw
/// body, and answers with the scripted statuses in order, then with <see cref="DefaultStatus"/>.
/// </summary>
public sealed class CallbackReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ConcurrentQueue<int> _script = new();
    private readonly ConcurrentQueue<ReceivedCallback> _received = new();

    private CallbackReceiver(WebApplication app) => _app = app;

    /// <summary>The URL to give as <c>callback_url</c> (path <c>/hook</c>).</summary>
    public Uri Url { get; private set; } = null!;

    public int DefaultStatus { get; set; } = 200;

    /// <summary>The calls received, in arrival order.</summary>
    public IReadOnlyList<ReceivedCallback> Received => _received.ToArray();

    public static async Task<CallbackReceiver> StartAsync()
    {
        var app = LoopbackWebApp.CreateBuilder().Build();
        var receiver = new CallbackReceiver(app);
        app.MapPost("/hook", receiver.HandleAsync);
        receiver.Url = new Uri(await LoopbackWebApp.StartAsync(app), "hook");
        return receiver;
    }

    /// <summary>Answers the next calls with these statuses, in order.</summary>
    public void Enqueue(params int[] statuses)
    {
        foreach (var status in statuses)
        {
            _script.Enqueue(status);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var body = new MemoryStream();
        await context.Request.Body.CopyToAsync(body, context.RequestAborted);
        var status = _script.TryDequeue(out var scripted) ? scripted : DefaultStatus;
        _received.Enqueue(new ReceivedCallback(
            body.ToArray(),
            context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            status,
            DateTimeOffset.UtcNow));
        context.Response.StatusCode = status;
    }
}

/// <summary>One call a <see cref="CallbackReceiver"/> got, and the status it answered.</summary>
public sealed record ReceivedCallback(byte[] Body, IReadOnlyDictionary<string, string> Headers, int AnsweredWith, DateTimeOffset ReceivedAt)
{
    public string? Header(string name) => Headers.TryGetValue(name, out var value) ? value : null;
}
