using System.Net;
using System.Net.Sockets;

namespace LeadFunctions.Callbacks;

/// <summary>
/// Which IP addresses a callback may reach: public unicast only, so a callback URL cannot make the app call into its
/// own network (SSRF). Checked on literal addresses when a URL is accepted, and on every resolved address when it is called.
/// </summary>
public static class CallbackAddresses
{
    private static readonly (IPAddress Network, int Prefix)[] NonPublicV4 =
    [
        (IPAddress.Parse("0.0.0.0"), 8),         // "this network", unspecified
        (IPAddress.Parse("10.0.0.0"), 8),        // private
        (IPAddress.Parse("100.64.0.0"), 10),     // carrier-grade NAT
        (IPAddress.Parse("127.0.0.0"), 8),       // loopback
        (IPAddress.Parse("169.254.0.0"), 16),    // link-local (cloud metadata endpoints live here)
        (IPAddress.Parse("172.16.0.0"), 12),     // private
        (IPAddress.Parse("192.0.0.0"), 24),      // protocol assignments
        (IPAddress.Parse("192.0.2.0"), 24),      // documentation
        (IPAddress.Parse("192.88.99.0"), 24),    // 6to4 relay anycast
        (IPAddress.Parse("192.168.0.0"), 16),    // private
        (IPAddress.Parse("198.18.0.0"), 15),     // benchmarking
        (IPAddress.Parse("198.51.100.0"), 24),   // documentation
        (IPAddress.Parse("203.0.113.0"), 24),    // documentation
        (IPAddress.Parse("224.0.0.0"), 4),       // multicast
        (IPAddress.Parse("240.0.0.0"), 4),       // reserved, broadcast
    ];

    private static readonly (IPAddress Network, int Prefix)[] NonPublicV6 =
    [
        (IPAddress.Parse("::"), 96),             // unspecified, loopback and the deprecated v4-compatible form
        (IPAddress.Parse("100::"), 64),          // discard-only
        (IPAddress.Parse("2001::"), 23),         // IETF protocol assignments (Teredo, benchmarking, ...)
        (IPAddress.Parse("2001:db8::"), 32),     // documentation
        (IPAddress.Parse("fc00::"), 7),          // unique local (private)
        (IPAddress.Parse("fe80::"), 10),         // link-local
        (IPAddress.Parse("fec0::"), 10),         // site-local (deprecated)
        (IPAddress.Parse("ff00::"), 8),          // multicast
    ];

    /// <summary>True for a public unicast address; v4 addresses carried in v6 (mapped, NAT64, 6to4) are judged as v4.</summary>
    public static bool IsPublic(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            return IsPublic(address.MapToIPv4());
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            return !NonPublicV4.Any(r => InRange(address, r.Network, r.Prefix));
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return false;
        }

        if (EmbeddedV4(address) is { } embedded)
        {
            return IsPublic(embedded);
        }

        return !NonPublicV6.Any(r => InRange(address, r.Network, r.Prefix));
    }

    /// <summary>127.0.0.0/8 and ::1 (also as a v4-mapped v6 address).</summary>
    public static bool IsLoopback(IPAddress address) => IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>May a callback reach this address: public, or loopback when the loopback setting allows it.</summary>
    public static bool IsAllowed(IPAddress address, bool allowLoopback) => IsPublic(address) || (allowLoopback && IsLoopback(address));

    /// <summary>The v4 address inside NAT64 (64:ff9b::/96) and 6to4 (2002::/16) addresses.</summary>
    private static IPAddress? EmbeddedV4(IPAddress address)
    {
        var bytes = address.GetAddressBytes();
        if (InRange(address, Nat64, 96))
        {
            return new IPAddress(bytes.AsSpan(12, 4));
        }

        return bytes[0] == 0x20 && bytes[1] == 0x02 ? new IPAddress(bytes.AsSpan(2, 4)) : null;
    }

    private static readonly IPAddress Nat64 = IPAddress.Parse("64:ff9b::");

    private static bool InRange(IPAddress address, IPAddress network, int prefix)
    {
        var a = address.GetAddressBytes();
        var n = network.GetAddressBytes();
        if (a.Length != n.Length)
        {
            return false;
        }

        for (var i = 0; i < a.Length && prefix > 0; i++, prefix -= 8)
        {
            var mask = prefix >= 8 ? 0xFF : (byte)(0xFF << (8 - prefix));
            if ((a[i] & mask) != (n[i] & mask))
            {
                return false;
            }
        }

        return true;
    }
}
