using System.Net;
using Microsoft.Extensions.Options;

namespace LeadFunctions.Callbacks;

/// <summary>
/// Whether a <c>callback_url</c> (of an upload or an offer) is accepted: an absolute https URL without credentials to
/// a public address, within <see cref="MaxUrlLength"/>, and only when a signing secret is set. Host names are
/// accepted here and checked again when the call is made, on every address they resolve to (<see cref="CallbackSender"/>).
/// </summary>
public sealed class CallbackUrlPolicy(IOptions<LeadScoringOptions> options)
{
    public const int MaxUrlLength = 2048;

    public const string Field = "callback_url";

    /// <summary>The app setting whose absence refuses every callback: an unsigned call could not be told from a forged one.</summary>
    public const string SecretSetting = "LeadScoring__WebhookSecret";

    /// <summary>The policy of an app without a signing secret: every callback URL is refused.</summary>
    public static CallbackUrlPolicy WithoutSecret { get; } = new(Options.Create(new LeadScoringOptions()));

    /// <summary>Null when <paramref name="url"/> is acceptable, else why not (for a 400 naming <see cref="Field"/>).</summary>
    public string? Problem(string url)
    {
        if (string.IsNullOrWhiteSpace(options.Value.WebhookSecret))
        {
            return $"Callbacks are turned off: the app has no signing secret. Set {SecretSetting} to use callback_url.";
        }

        if (url.Length > MaxUrlLength)
        {
            return $"Must be at most {MaxUrlLength} characters.";
        }

        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http") || string.IsNullOrEmpty(uri.Host))
        {
            return "Must be an absolute https URL.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "Must not carry a user name or password; put a token in the path or query instead.";
        }

        var allowLoopback = options.Value.WebhookAllowLoopback;
        var loopback = IsLoopbackHost(uri);
        if (uri.Scheme == "http" && !(allowLoopback && loopback))
        {
            return "Must be an https URL.";
        }

        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            return CallbackAddresses.IsAllowed(IPAddress.Parse(uri.DnsSafeHost), allowLoopback) ? null : "Must point to a public address, not a private, loopback, link-local or multicast one.";
        }

        return loopback && !allowLoopback ? "Must point to a public address, not a private, loopback, link-local or multicast one." : null;
    }

    private static bool IsLoopbackHost(Uri uri) =>
        uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6
            ? CallbackAddresses.IsLoopback(IPAddress.Parse(uri.DnsSafeHost))
            : uri.IdnHost.Equals("localhost", StringComparison.OrdinalIgnoreCase) || uri.IdnHost.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);
}
