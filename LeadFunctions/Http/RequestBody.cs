using System.Text.Unicode;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Net.Http.Headers;

namespace LeadFunctions.Http;

/// <summary>Reads small JSON bodies with a hard size bound, so a huge body can't be buffered.</summary>
public static class RequestBody
{
    /// <summary>
    /// The body bytes, or the problem to answer instead: 413 when it is larger than <paramref name="maxBytes"/>
    /// (<paramref name="bodyName"/> names it in the message); 400 when it is not UTF-8, which JSON requires (the JSON
    /// reader itself would only throw later, on the first string it decodes); 400 or 408 when it could not be read.
    /// </summary>
    public static async Task<(byte[]? Body, ObjectResult? Problem)> ReadJsonAsync(HttpRequest request, int maxBytes, string bodyName, CancellationToken ct)
    {
        byte[]? body;
        try
        {
            body = await ReadBoundedAsync(request, maxBytes, ct);
        }
        catch (BadHttpRequestException ex)
        {
            return (null, Unreadable(ex));
        }

        if (body is null)
        {
            return (null, Problems.PayloadTooLarge($"{bodyName} may be at most {maxBytes} bytes."));
        }

        return Utf8.IsValid(body) ? (body, null) : (null, Problems.Validation("body", "The body is not valid UTF-8 text, which JSON requires."));
    }

    /// <summary>
    /// A body the server could not read is the client's doing, not a server error: it ended before its
    /// <c>Content-Length</c> (400) or stopped arriving (408, Kestrel's minimum data rate).
    /// </summary>
    public static ObjectResult Unreadable(BadHttpRequestException ex) =>
        Problems.Problem(ex.StatusCode, "The request body could not be read.", ex.Message);

    /// <summary>
    /// A 415 unless the body is declared JSON (<c>application/json</c> or <c>+json</c>), or there is no body at all. An
    /// undeclared or <c>text/plain</c> body is what a web page can send cross-site without a CORS preflight, so it is
    /// refused rather than guessed at.
    /// </summary>
    public static ObjectResult? RequireJson(HttpRequest request, string what)
    {
        if (IsJson(request.ContentType) || (string.IsNullOrEmpty(request.ContentType) && request.ContentLength is null or 0 && !request.Headers.TransferEncoding.Any()))
        {
            return null;
        }

        var declared = string.IsNullOrEmpty(request.ContentType) ? "a body without a Content-Type" : request.ContentType;
        return Problems.UnsupportedMediaType($"Send {what} as application/json, not {declared}.");
    }

    private static bool IsJson(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var type)
        && type.MediaType.HasValue
        && (type.MediaType.Equals("application/json", StringComparison.OrdinalIgnoreCase) || type.MediaType.Value!.EndsWith("+json", StringComparison.OrdinalIgnoreCase));

    /// <summary>The body bytes, or null when it is larger than <paramref name="maxBytes"/>.</summary>
    private static async Task<byte[]?> ReadBoundedAsync(HttpRequest request, int maxBytes, CancellationToken ct)
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
}
