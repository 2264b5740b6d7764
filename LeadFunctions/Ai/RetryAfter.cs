using System.Globalization;

namespace LeadFunctions.Ai;

/// <summary>Reads how long a throttled or unavailable service asked the client to wait.</summary>
public static class RetryAfter
{
    /// <summary>
    /// The wait asked for by <c>retry-after-ms</c> or <c>x-ms-retry-after-ms</c> (milliseconds, the more precise), else by
    /// <c>Retry-After</c> (delta-seconds or an HTTP date, RFC 9110 §10.2.3). Null when absent or unreadable; never negative.
    /// </summary>
    /// <param name="header">Returns a response header's value, or null.</param>
    public static TimeSpan? FromHeaders(Func<string, string?> header, DateTimeOffset now)
    {
        foreach (var name in (string[])["retry-after-ms", "x-ms-retry-after-ms"])
        {
            if (double.TryParse(header(name), NumberStyles.Float, CultureInfo.InvariantCulture, out var ms) && ms >= 0 && double.IsFinite(ms))
            {
                return TimeSpan.FromMilliseconds(ms);
            }
        }

        var value = header("Retry-After")?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return seconds >= 0 && double.IsFinite(seconds) ? TimeSpan.FromSeconds(seconds) : null;
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var date))
        {
            var wait = date - now;
            return wait > TimeSpan.Zero ? wait : TimeSpan.Zero;
        }

        return null;
    }
}
