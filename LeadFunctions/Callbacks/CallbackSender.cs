using System.Net;
using System.Net.Http.Headers;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Callbacks;

/// <summary>
/// Makes one delivery attempt: a POST of the body, signed, within the attempt timeout, following no redirect. Connects
/// only to addresses <see cref="CallbackAddresses"/> allows, checked on what the host name resolves to at this moment
/// (a name may point anywhere by the time it is called), and never through a proxy.
/// </summary>
public sealed class CallbackSender : IDisposable
{
    private readonly HttpClient _http;
    private readonly LeadScoringOptions _options;

    public CallbackSender(IOptions<LeadScoringOptions> options)
    {
        _options = options.Value;
        var allowLoopback = _options.WebhookAllowLoopback;
        _http = new HttpClient(new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseProxy = false,
            UseCookies = false,
            PooledConnectionLifetime = TimeSpan.FromMinutes(1),
            ConnectCallback = (context, ct) => ConnectAsync(context.DnsEndPoint, allowLoopback, ct),
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>The outcome of one attempt: 2xx is delivered; anything else, or no answer, is retried.</summary>
    public sealed record Outcome(bool Delivered, int? Status, string? Error);

    public async Task<Outcome> PostAsync(string url, byte[] body, string deliveryId, string eventName, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(_options.WebhookTimeout);
        using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        request.Headers.Add(CallbackSignature.SignatureHeader, CallbackSignature.Sign(_options.WebhookSecret ?? "", body));
        request.Headers.Add(CallbackSignature.DeliveryHeader, deliveryId);
        request.Headers.Add(CallbackSignature.EventHeader, eventName);
        request.Headers.UserAgent.Add(new ProductInfoHeaderValue("LeadFunctions", "1"));
        try
        {
            using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, timeout.Token);
            var status = (int)response.StatusCode;
            return status is >= 200 and < 300
                ? new Outcome(true, status, null)
                : new Outcome(false, status, status is >= 300 and < 400 ? $"HTTP {status}: redirects are not followed." : $"HTTP {status}.");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Outcome(false, null, $"No answer within {_options.WebhookTimeout.TotalSeconds:0.#} s.");
        }
        catch (HttpRequestException ex)
        {
            return new Outcome(false, null, Describe(ex));
        }
    }

    public void Dispose() => _http.Dispose();

    private static string Describe(HttpRequestException ex) =>
        ex.InnerException is CallbackAddressException refused ? refused.Message : $"The call failed: {ex.HttpRequestError}.";

    private static async ValueTask<Stream> ConnectAsync(DnsEndPoint endpoint, bool allowLoopback, CancellationToken ct)
    {
        var addresses = IPAddress.TryParse(endpoint.Host, out var literal) ? [literal] : await Dns.GetHostAddressesAsync(endpoint.Host, ct);
        if (addresses.Length == 0)
        {
            throw new CallbackAddressException($"The host '{endpoint.Host}' has no address.");
        }

        if (addresses.FirstOrDefault(a => !CallbackAddresses.IsAllowed(a, allowLoopback)) is { } refused)
        {
            throw new CallbackAddressException($"The host '{endpoint.Host}' resolves to {refused}, which is not a public address; callbacks only go to public addresses.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(addresses, endpoint.Port, ct);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>The host name led to an address callbacks may not reach.</summary>
    private sealed class CallbackAddressException(string message) : Exception(message);
}
