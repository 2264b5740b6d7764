using System.Net;
using System.Net.Sockets;

namespace LeadFunctions.LocalHost.Storage;

/// <summary>Tells which loopback ports accept a TCP connection, each asked once with a short bound.</summary>
internal static class LoopbackPortProbe
{
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(1);

    public static async Task<IReadOnlyList<int>> AnsweringAsync(IEnumerable<int> ports, CancellationToken cancellationToken)
    {
        var probes = ports.Select(async port => (Port: port, Answers: await AnswersAsync(port, cancellationToken)));
        return [.. (await Task.WhenAll(probes)).Where(p => p.Answers).Select(p => p.Port)];
    }

    private static async Task<bool> AnswersAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(ConnectTimeout);
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, timeout.Token);
            return true;
        }
        catch (Exception ex) when (ex is SocketException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return false;
        }
    }
}
