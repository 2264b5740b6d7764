using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using LeadFunctions.LocalHost.Configuration;
using LeadFunctions.LocalHost.Storage;

namespace LeadFunctions.Testing;

/// <summary>
/// The local host in a process of its own, started the way a developer runs it
/// (<c>dotnet LeadFunctions.LocalHost.dll --urls http://127.0.0.1:PORT</c>) with its settings in environment variables,
/// so that a test can kill it with SIGKILL mid-batch and start it again on the same storage, and a benchmark can run
/// several instances of the app on one storage. The tests and benchmarks projects reference LeadFunctions.LocalHost, so
/// building them builds the dll this runs.
/// </summary>
public sealed class LocalHostProcess : IAsyncDisposable
{
    private const int KeptOutputLines = 60;
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan ExitTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private LocalHostProcess(Process process, Uri baseUri)
    {
        _process = process;
        Http = new HttpClient { BaseAddress = baseUri, Timeout = TimeSpan.FromSeconds(60) };
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public HttpClient Http { get; }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the host wrote, for a failure message.</summary>
    public string RecentOutput => string.Join(Environment.NewLine, _output);

    /// <summary><c>LeadFunctions.LocalHost/bin/{configuration}/{tfm}/LeadFunctions.LocalHost.dll</c> of the build the caller runs from.</summary>
    public static string DllPath
    {
        get
        {
            var output = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            return RepositoryRoot.Combine("LeadFunctions.LocalHost", "bin", output.Parent!.Name, output.Name, "LeadFunctions.LocalHost.dll");
        }
    }

    /// <summary>Starts the host and waits, bounded, until <c>GET /api/health</c> answers 200.</summary>
    public static async Task<LocalHostProcess> StartAsync(IReadOnlyDictionary<string, string> environment)
    {
        var dll = DllPath;
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"{dll} is missing: build the project that references LeadFunctions.LocalHost.", dll);
        }

        var baseUri = new Uri($"http://127.0.0.1:{FreeLoopbackPort()}");
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.ArgumentList.Add(dll);
        start.ArgumentList.Add("--urls");
        start.ArgumentList.Add(baseUri.ToString().TrimEnd('/'));

        // Information would log every invocation of a 2,000-lead batch; warnings and errors are what a failure needs.
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var host = new LocalHostProcess(Process.Start(start) ?? throw new InvalidOperationException("dotnet could not be started."), baseUri);
        try
        {
            await host.WaitUntilHealthyAsync();
            return host;
        }
        catch
        {
            await host.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL on Linux (<see cref="Process.Kill(bool)"/>): no shutdown code runs, nothing is flushed or released.</summary>
    public async Task KillAsync()
    {
        _process.Kill(entireProcessTree: true);
        using var timeout = new CancellationTokenSource(ExitTimeout);
        await _process.WaitForExitAsync(timeout.Token);
    }

    /// <summary>SIGTERM, what a service manager or a container runtime sends: the host shuts down; returns its exit code.</summary>
    public async Task<int> TerminateAsync()
    {
        if (!ProcessSignals.SendTerminate(_process.Id))
        {
            throw new InvalidOperationException("SIGTERM could not be sent.");
        }

        using var timeout = new CancellationTokenSource(ExitTimeout);
        await _process.WaitForExitAsync(timeout.Token);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        if (!_process.HasExited)
        {
            await KillAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilHealthyAsync()
    {
        var deadline = DateTime.UtcNow + StartTimeout;
        while (DateTime.UtcNow < deadline && !_process.HasExited)
        {
            try
            {
                using var probe = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                using var response = await Http.GetAsync("/api/health", probe.Token);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException)
            {
                // Not listening yet.
            }

            await Task.Delay(250);
        }

        throw new TimeoutException($"The local host process did not become healthy within {StartTimeout.TotalSeconds:0} s"
            + $"{(_process.HasExited ? $" (it exited with {_process.ExitCode})" : "")}. Its output:{Environment.NewLine}{RecentOutput}");
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        while (_output.Count > KeptOutputLines && _output.TryDequeue(out _))
        {
        }
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
