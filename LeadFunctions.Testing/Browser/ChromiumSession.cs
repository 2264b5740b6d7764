using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LeadFunctions.Testing.Browser;

/// <summary>
/// One headless Chromium driven over the DevTools protocol (CDP) on a loopback WebSocket: navigate, evaluate
/// JavaScript, wait for a condition, set a file input's files, resize and screenshot. One page per session, a fresh
/// profile, every wait bounded, and the process tree always killed on dispose. It also records every URL the page
/// requested and every error the page reported, so a test can check that nothing left 127.0.0.1 and no script failed.
/// </summary>
public sealed partial class ChromiumSession : IAsyncDisposable
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(100);

    private readonly Process _process;
    private readonly DirectoryInfo _profile;
    private readonly ClientWebSocket _socket;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonObject>> _pending = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource<JsonObject>> _eventWaiters = new();
    private readonly ConcurrentQueue<string> _requestedUrls = new();
    private readonly ConcurrentQueue<string> _pageErrors = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly SemaphoreSlim _sendLock = new(1, 1);
    private Task _receiveLoop = Task.CompletedTask;
    private Task _drains = Task.CompletedTask;
    private int _nextId;
    private string? _sessionId;

    private ChromiumSession(Process process, DirectoryInfo profile, ClientWebSocket socket)
    {
        _process = process;
        _profile = profile;
        _socket = socket;
        ProcessId = process.Id;
    }

    /// <summary>Every URL the page asked for (documents, scripts, fetches, images), in request order.</summary>
    public IReadOnlyList<string> RequestedUrls => [.. _requestedUrls];

    /// <summary>Uncaught exceptions, <c>console.error</c> calls and browser log errors (CSP violations among them).</summary>
    public IReadOnlyList<string> PageErrors => [.. _pageErrors];

    /// <summary>The browser's process id (its renderers are its children; dispose kills the whole tree).</summary>
    public int ProcessId { get; }

    /// <summary>Chromium's own last output lines, for a failure message.</summary>
    public string RecentBrowserOutput => string.Join(Environment.NewLine, _stderr);

    /// <summary>Starts Chromium with a page of <paramref name="width"/>×<paramref name="height"/> CSS pixels and attaches to it.</summary>
    public static async Task<ChromiumSession> StartAsync(int width = 1280, int height = 800, CancellationToken ct = default)
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new FileNotFoundException(
                $"{ExecutablePath} is missing. Install Chromium to run the browser tests: .ci/install-chromium.sh (apt-get install -y chromium); CI installs it.",
                ExecutablePath);
        }

        var profile = Directory.CreateTempSubdirectory("leadfunctions-chromium-");
        var start = new ProcessStartInfo(ExecutablePath) { RedirectStandardError = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var argument in (string[])
                 [
                     "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--no-default-browser-check",
                     "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
                     "--disable-extensions", "--remote-debugging-address=127.0.0.1", "--remote-debugging-port=0",
                     $"--user-data-dir={profile.FullName}", $"--window-size={width},{height}", "about:blank",
                 ])
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        ClientWebSocket? socket = null;
        try
        {
            var endpoint = await ReadDevToolsEndpointAsync(process, profile, ct);
            socket = new ClientWebSocket();
            socket.Options.KeepAliveInterval = TimeSpan.Zero;
            using (var connect = CancellationTokenSource.CreateLinkedTokenSource(ct))
            {
                connect.CancelAfter(StartTimeout);
                await socket.ConnectAsync(endpoint, connect.Token);
            }

            var session = new ChromiumSession(process, profile, socket);
            session._drains = Task.WhenAll(
                Task.Run(() => session.DrainAsync(process.StandardError, keep: true), CancellationToken.None),
                Task.Run(() => session.DrainAsync(process.StandardOutput, keep: false), CancellationToken.None));
            session._receiveLoop = Task.Run(session.ReceiveLoopAsync, CancellationToken.None);
            await session.AttachToNewPageAsync(width, height, ct);
            return session;
        }
        catch
        {
            socket?.Dispose();
            KillAndForget(process, profile);
            throw;
        }
    }

    /// <summary>Loads <paramref name="url"/> and waits for its load event.</summary>
    public async Task NavigateAsync(Uri url, CancellationToken ct = default)
    {
        var loaded = WaitForEvent("Page.loadEventFired");
        var result = await SendAsync("Page.navigate", new JsonObject { ["url"] = url.AbsoluteUri }, ct);
        if (result["errorText"] is JsonValue error)
        {
            throw new InvalidOperationException($"Chromium could not load {url}: {error}");
        }

        await WithTimeout(loaded, CommandTimeout, $"the load event of {url}", ct);
    }

    /// <summary>Runs <paramref name="expression"/> in the page (awaiting a promise) and returns its JSON value.</summary>
    public async Task<JsonNode?> EvaluateAsync(string expression, CancellationToken ct = default)
    {
        var result = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = expression,
            ["awaitPromise"] = true,
            ["returnByValue"] = true,
            ["userGesture"] = true,
        }, ct);
        if (result["exceptionDetails"] is JsonObject exception)
        {
            throw new InvalidOperationException($"The page threw evaluating {expression}: {exception["exception"]?["description"] ?? exception["text"]}");
        }

        return result["result"]?["value"]?.DeepClone();
    }

    /// <summary>Polls <paramref name="condition"/> (a JavaScript expression) until it is truthy; fails after <paramref name="timeout"/>.</summary>
    public async Task WaitUntilAsync(string condition, TimeSpan timeout, CancellationToken ct = default)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (await EvaluateAsync($"!!({condition})", ct) is JsonValue value && value.GetValue<bool>())
            {
                return;
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"`{condition}` was still false after {timeout.TotalSeconds:0.#} s. Page errors: {string.Join(" | ", _pageErrors)}");
            }

            await Task.Delay(PollInterval, ct);
        }
    }

    /// <summary>Waits until <paramref name="selector"/> matches an element.</summary>
    public Task WaitForSelectorAsync(string selector, TimeSpan timeout, CancellationToken ct = default) =>
        WaitUntilAsync($"document.querySelector({JsonSerializer.Serialize(selector)}) !== null", timeout, ct);

    /// <summary>Gives the file input matched by <paramref name="selector"/> these files, as a user's pick would (change fires).</summary>
    public async Task SetFileInputFilesAsync(string selector, IEnumerable<string> paths, CancellationToken ct = default)
    {
        var element = await SendAsync("Runtime.evaluate", new JsonObject
        {
            ["expression"] = $"document.querySelector({JsonSerializer.Serialize(selector)})",
        }, ct);
        var objectId = element["result"]?["objectId"]?.GetValue<string>()
            ?? throw new InvalidOperationException($"No element matches {selector}.");
        var files = new JsonArray();
        foreach (var path in paths)
        {
            files.Add(Path.GetFullPath(path));
        }

        await SendAsync("DOM.setFileInputFiles", new JsonObject { ["files"] = files, ["objectId"] = objectId }, ct);
    }

    /// <summary>Resizes the page's viewport; <paramref name="mobile"/> emulates a phone (meta viewport honoured).</summary>
    public Task SetViewportAsync(int width, int height, bool mobile = false, CancellationToken ct = default) =>
        SendAsync("Emulation.setDeviceMetricsOverride", new JsonObject
        {
            ["width"] = width,
            ["height"] = height,
            ["deviceScaleFactor"] = 1,
            ["mobile"] = mobile,
        }, ct);

    /// <summary>Lets the page's downloads land in <paramref name="directory"/> (a browser-wide setting).</summary>
    public Task AllowDownloadsAsync(string directory, CancellationToken ct = default) =>
        SendAsync("Browser.setDownloadBehavior", new JsonObject { ["behavior"] = "allow", ["downloadPath"] = Path.GetFullPath(directory) }, ct, browserLevel: true);

    /// <summary>Writes a PNG of the viewport to <paramref name="pngPath"/>.</summary>
    public async Task ScreenshotAsync(string pngPath, CancellationToken ct = default)
    {
        var shot = await SendAsync("Page.captureScreenshot", new JsonObject { ["format"] = "png" }, ct);
        var data = shot["data"]?.GetValue<string>() ?? throw new InvalidOperationException("Chromium returned no screenshot data.");
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(pngPath))!);
        await File.WriteAllBytesAsync(pngPath, Convert.FromBase64String(data), ct);
    }

    /// <summary>Sends a raw CDP command to the page (or, with <paramref name="browserLevel"/>, to the browser) and returns its result.</summary>
    public async Task<JsonObject> SendAsync(string method, JsonObject? parameters = null, CancellationToken ct = default, bool browserLevel = false)
    {
        var id = Interlocked.Increment(ref _nextId);
        var message = new JsonObject { ["id"] = id, ["method"] = method, ["params"] = parameters ?? new JsonObject() };
        if (!browserLevel && _sessionId is not null)
        {
            message["sessionId"] = _sessionId;
        }

        var reply = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = reply;
        try
        {
            var bytes = Encoding.UTF8.GetBytes(message.ToJsonString());
            await _sendLock.WaitAsync(ct);
            try
            {
                await _socket.SendAsync(bytes, WebSocketMessageType.Text, endOfMessage: true, ct);
            }
            finally
            {
                _sendLock.Release();
            }

            var answer = await WithTimeout(reply.Task, CommandTimeout, method, ct);
            if (answer["error"] is JsonObject error)
            {
                throw new InvalidOperationException($"{method} failed: {error["message"]} {error["data"]}");
            }

            return answer["result"] as JsonObject ?? new JsonObject();
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            if (_socket.State == WebSocketState.Open)
            {
                using var close = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, close.Token);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException)
        {
            // The process is killed below either way.
        }

        _socket.Dispose();
        KillAndForget(_process, _profile);
        try
        {
            await Task.WhenAll(_receiveLoop, _drains).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception e) when (e is TimeoutException or OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Nothing left to read.
        }

        _stop.Dispose();
        _sendLock.Dispose();
    }

    private async Task AttachToNewPageAsync(int width, int height, CancellationToken ct)
    {
        var target = await SendAsync("Target.createTarget", new JsonObject { ["url"] = "about:blank" }, ct, browserLevel: true);
        var attached = await SendAsync("Target.attachToTarget", new JsonObject { ["targetId"] = target["targetId"]!.GetValue<string>(), ["flatten"] = true }, ct, browserLevel: true);
        _sessionId = attached["sessionId"]!.GetValue<string>();
        await SendAsync("Page.enable", ct: ct);
        await SendAsync("Runtime.enable", ct: ct);
        await SendAsync("Network.enable", ct: ct);
        await SendAsync("Log.enable", ct: ct);
        await SetViewportAsync(width, height, ct: ct);
    }

    private Task<JsonObject> WaitForEvent(string method)
    {
        var waiter = new TaskCompletionSource<JsonObject>(TaskCreationOptions.RunContinuationsAsynchronously);
        _eventWaiters[method] = waiter;
        return waiter.Task;
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        var message = new MemoryStream();
        try
        {
            while (!_stop.IsCancellationRequested && _socket.State == WebSocketState.Open)
            {
                var received = await _socket.ReceiveAsync(buffer, _stop.Token);
                if (received.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                message.Write(buffer, 0, received.Count);
                if (!received.EndOfMessage)
                {
                    continue;
                }

                var node = JsonNode.Parse(message.GetBuffer().AsSpan(0, (int)message.Length)) as JsonObject;
                message.SetLength(0);
                if (node is not null)
                {
                    Dispatch(node);
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or WebSocketException or ObjectDisposedException)
        {
            // Closed by dispose or by the browser going away; pending commands fail below.
        }

        foreach (var pending in _pending.Values)
        {
            pending.TrySetException(new InvalidOperationException($"Chromium closed the DevTools connection. Output:\n{RecentBrowserOutput}"));
        }
    }

    private void Dispatch(JsonObject message)
    {
        if (message["id"] is JsonValue id)
        {
            if (_pending.TryGetValue(id.GetValue<int>(), out var reply))
            {
                reply.TrySetResult(message);
            }

            return;
        }

        var method = message["method"]?.GetValue<string>() ?? "";
        var parameters = message["params"] as JsonObject ?? new JsonObject();
        switch (method)
        {
            case "Network.requestWillBeSent":
                _requestedUrls.Enqueue(parameters["request"]?["url"]?.GetValue<string>() ?? "");
                break;
            case "Runtime.exceptionThrown":
                _pageErrors.Enqueue($"exception: {parameters["exceptionDetails"]?["exception"]?["description"] ?? parameters["exceptionDetails"]?["text"]}");
                break;
            case "Runtime.consoleAPICalled" when parameters["type"]?.GetValue<string>() == "error":
                _pageErrors.Enqueue($"console.error: {parameters["args"]?.ToJsonString()}");
                break;
            case "Log.entryAdded" when parameters["entry"] is JsonObject entry && entry["level"]?.GetValue<string>() == "error":
                var (source, text, url) = (entry["source"], entry["text"], entry["url"]);
                _pageErrors.Enqueue($"log ({source}): {text} {url}");
                break;
        }

        if (_eventWaiters.TryRemove(method, out var waiter))
        {
            waiter.TrySetResult(parameters);
        }
    }

    /// <summary>Reads a pipe of the browser to its end so it never blocks on a full pipe; keeps stderr's last lines.</summary>
    private async Task DrainAsync(StreamReader reader, bool keep)
    {
        try
        {
            while (await reader.ReadLineAsync() is { } line)
            {
                if (!keep)
                {
                    continue;
                }

                _stderr.Enqueue(line);
                while (_stderr.Count > 40 && _stderr.TryDequeue(out _))
                {
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // The process is gone.
        }
    }

    /// <summary>
    /// Chromium prints <c>DevTools listening on ws://127.0.0.1:PORT/devtools/browser/ID</c> on stderr once the port is
    /// bound; the same endpoint is in the profile's <c>DevToolsActivePort</c> file (port, then path), read as a fallback.
    /// </summary>
    private static async Task<Uri> ReadDevToolsEndpointAsync(Process process, DirectoryInfo profile, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(StartTimeout);
        var seen = new StringBuilder();
        try
        {
            while (true)
            {
                var line = await process.StandardError.ReadLineAsync(timeout.Token);
                if (line is null)
                {
                    break;
                }

                seen.AppendLine(line);
                if (DevToolsLine().Match(line) is { Success: true } match)
                {
                    return new Uri(match.Groups[1].Value);
                }
            }
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            // Fall through to the file, then fail with what Chromium said.
        }

        var portFile = Path.Combine(profile.FullName, "DevToolsActivePort");
        if (File.Exists(portFile) && (await File.ReadAllLinesAsync(portFile, ct)) is [var port, var path, ..])
        {
            return new Uri($"ws://127.0.0.1:{port.Trim()}{path.Trim()}");
        }

        throw new TimeoutException($"Chromium announced no DevTools endpoint within {StartTimeout.TotalSeconds} s. Output:\n{seen}");
    }

    private static async Task<T> WithTimeout<T>(Task<T> task, TimeSpan timeout, string what, CancellationToken ct)
    {
        try
        {
            return await task.WaitAsync(timeout, ct);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Chromium did not answer {what} within {timeout.TotalSeconds:0.#} s.");
        }
    }

    private static void KillAndForget(Process process, DirectoryInfo profile)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
                process.WaitForExit(10_000);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }

        process.Dispose();
        try
        {
            profile.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A child still closing a file; the temp directory is cleaned by the OS.
        }
    }

    [GeneratedRegex(@"DevTools listening on (ws://\S+)")]
    private static partial Regex DevToolsLine();
}
