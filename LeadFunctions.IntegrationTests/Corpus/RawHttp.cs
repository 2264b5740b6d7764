using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace LeadFunctions.IntegrationTests.Corpus;

/// <summary>
/// An HTTP/1.1 request written by hand on a socket, for what <see cref="HttpClient"/> refuses to send: a body shorter
/// than its <c>Content-Length</c>. Reads the answer to its end, bounded by a timeout.
/// </summary>
public static class RawHttp
{
    /// <param name="closeAfterBody">Half-close the connection after the short body (the client gave up), rather than go quiet.</param>
    public static async Task<CorpusReply> SendAsync(Uri baseUri, string head, byte[] body, bool closeAfterBody, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(baseUri.Host, baseUri.Port, deadline.Token);
        var stream = client.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ReplaceLineEndings("\r\n") + "\r\n"), deadline.Token);
        await stream.WriteAsync(body, deadline.Token);
        if (closeAfterBody)
        {
            client.Client.Shutdown(SocketShutdown.Send);
        }

        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            while (Parse(received.ToArray()) is null)
            {
                var read = await stream.ReadAsync(buffer, deadline.Token);
                if (read == 0)
                {
                    break;
                }

                received.Write(buffer, 0, read);
            }
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"No complete answer within {timeout.TotalSeconds:0} s (the server hangs). Received: {Encoding.UTF8.GetString(received.ToArray())}");
        }
        catch (IOException)
        {
            // The server reset the connection: whatever arrived before is the answer.
        }

        return Parse(received.ToArray()) ?? new CorpusReply(0, null, Encoding.UTF8.GetString(received.ToArray()));
    }

    /// <summary>The response once its head and whole body (by Content-Length or chunked) have arrived, else null.</summary>
    private static CorpusReply? Parse(byte[] bytes)
    {
        var headEnd = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (headEnd < 0)
        {
            return null;
        }

        var lines = Encoding.ASCII.GetString(bytes, 0, headEnd).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], CultureInfo.InvariantCulture);
        var headers = lines.Skip(1).Select(l => l.Split(':', 2)).ToDictionary(p => p[0].Trim(), p => p[1].Trim(), StringComparer.OrdinalIgnoreCase);
        var rest = bytes.AsSpan(headEnd + 4);
        var contentType = headers.TryGetValue("Content-Type", out var type) ? type.Split(';')[0].Trim() : null;
        if (headers.TryGetValue("Transfer-Encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            return rest.EndsWith("0\r\n\r\n"u8) ? new CorpusReply(status, contentType, Dechunk(rest)) : null;
        }

        var length = headers.TryGetValue("Content-Length", out var declared) ? int.Parse(declared, CultureInfo.InvariantCulture) : 0;
        return rest.Length >= length ? new CorpusReply(status, contentType, Encoding.UTF8.GetString(rest[..length])) : null;
    }

    private static string Dechunk(ReadOnlySpan<byte> chunked)
    {
        var body = new MemoryStream();
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n"u8);
            var size = int.Parse(Encoding.ASCII.GetString(chunked[..lineEnd]), NumberStyles.HexNumber, CultureInfo.InvariantCulture);
            if (size == 0)
            {
                return Encoding.UTF8.GetString(body.ToArray());
            }

            body.Write(chunked.Slice(lineEnd + 2, size));
            chunked = chunked[(lineEnd + 2 + size + 2)..];
        }
    }
}
