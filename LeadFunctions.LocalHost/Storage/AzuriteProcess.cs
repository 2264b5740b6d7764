using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.LocalHost.Storage;

/// <summary>
/// One running Azurite: the <c>node</c> process itself (no shell in between, so <see cref="ProcessId"/> is the process
/// that holds the ports) and the ports it reported. Disposing it stops that process.
/// </summary>
public sealed partial class AzuriteProcess : IAsyncDisposable, IDisposable
{
    private const int KeptOutputLines = 40;

    private readonly Process _process;
    private readonly ILogger _logger;
    private readonly ConcurrentQueue<string> _recentOutput = new();
    private readonly ConcurrentDictionary<string, int> _listeningPorts = new(StringComparer.OrdinalIgnoreCase);
    private readonly TaskCompletionSource _allListening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _stopped;

    internal AzuriteProcess(Process process, ILogger logger)
    {
        _process = process;
        _logger = logger;
        _process.OutputDataReceived += (_, e) => OnOutput(e.Data, LogLevel.Debug);
        _process.ErrorDataReceived += (_, e) => OnOutput(e.Data, LogLevel.Warning);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
    }

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public AzuriteEndpoints Endpoints { get; private set; } = AzuriteEndpoints.Default;

    /// <summary>Waits, bounded, until blob, queue and table all report their listening port.</summary>
    internal async Task WaitUntilListeningAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        var exited = _process.WaitForExitAsync(timeoutSource.Token);
        try
        {
            var first = await Task.WhenAny(_allListening.Task, exited).WaitAsync(timeoutSource.Token);
            if (first == _allListening.Task)
            {
                Endpoints = new AzuriteEndpoints(_listeningPorts["Blob"], _listeningPorts["Queue"], _listeningPorts["Table"]);
                return;
            }
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new LocalHostSetupException(
                $"Azurite did not start listening within {timeout.TotalSeconds:0} s. Its output:{Environment.NewLine}{RecentOutput}");
        }

        throw new LocalHostSetupException(
            $"Azurite exited with code {_process.ExitCode} while starting (a port in use?). Its output:{Environment.NewLine}{RecentOutput}");
    }

    private string RecentOutput => string.Join(Environment.NewLine, _recentOutput);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _stopped, 1) == 0)
        {
            await ProcessSignals.StopAsync(_process);
            _logger.LogInformation("Azurite (pid {ProcessId}) stopped.", _process.Id);
            _process.Dispose();
        }
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    private void OnOutput(string? line, LogLevel level)
    {
        if (line is null)
        {
            return;
        }

        _recentOutput.Enqueue(line);
        while (_recentOutput.Count > KeptOutputLines && _recentOutput.TryDequeue(out _))
        {
        }

        // Once we are stopping it, Azurite's complaints about shutting down twice (Ctrl+C reaches it too) are noise.
        _logger.Log(Volatile.Read(ref _stopped) == 0 ? level : LogLevel.Debug, "azurite: {Line}", line);
        var match = ListeningLine().Match(line);
        if (match.Success)
        {
            _listeningPorts[match.Groups["service"].Value] = int.Parse(match.Groups["port"].Value, System.Globalization.CultureInfo.InvariantCulture);
            if (_listeningPorts.Count == 3)
            {
                _allListening.TrySetResult();
            }
        }
    }

    // Azurite prints e.g. "Azurite Queue service is successfully listening at http://127.0.0.1:10001".
    [GeneratedRegex(@"Azurite (?<service>Blob|Queue|Table) service is successfully listening at https?://[^\s:]+:(?<port>\d+)")]
    private static partial Regex ListeningLine();
}
