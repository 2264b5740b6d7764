using Microsoft.AspNetCore.Http;

namespace LeadFunctions.Http;

/// <summary>Reads small JSON bodies with a hard size bound, so a huge body can't be buffered.</summary>
public static class RequestBody
{
    /// <summary>The body bytes, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    public static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    /// <summary>True when the declared content type is JSON, or none was declared (curl users often omit it).</summary>
    public static bool IsJsonOrUnspecified(HttpRequest request) =>
        string.IsNullOrEmpty(request.ContentType)
        || request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase)
        || request.ContentType.Contains("+json", StringComparison.OrdinalIgnoreCase);
}
