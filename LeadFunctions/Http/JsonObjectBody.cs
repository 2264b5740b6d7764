using System.Text.Json;

namespace LeadFunctions.Http;

/// <summary>Parses a request body that must be one JSON object, with the error a client can act on when it isn't.</summary>
public static class JsonObjectBody
{
    /// <summary>The parsed document (the caller disposes it), or the <c>body</c> error.</summary>
    public static (JsonDocument? Document, string? Error) Parse(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            return (null, $"The body is not valid JSON: {ex.Message}");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return (null, "A JSON object is required.");
        }

        return (document, null);
    }
}
