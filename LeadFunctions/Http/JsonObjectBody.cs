using System.Text.Json;

namespace LeadFunctions.Http;

/// <summary>Parses a request body that must be one JSON object, with the error a client can act on when it isn't.</summary>
public static class JsonObjectBody
{
    /// <summary>
    /// The parsed document (the caller disposes it), or the error and the field it belongs to: <c>body</c>, or the
    /// path of a string (<c>value_props[2]</c>, <c>rules.x</c>) whose escapes do not decode to Unicode text.
    /// </summary>
    public static (JsonDocument? Document, string? Error, string ErrorField) Parse(ReadOnlySpan<byte> body)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body.ToArray(), new JsonDocumentOptions { MaxDepth = 16 });
        }
        catch (JsonException ex)
        {
            return (null, $"The body is not valid JSON: {ex.Message}", "body");
        }

        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            document.Dispose();
            return (null, "A JSON object is required.", "body");
        }

        if (FindInvalidText(document.RootElement, "") is { } field)
        {
            document.Dispose();
            return (null, "Holds a string that is not valid Unicode text once its escapes are decoded (a lone surrogate such as \\ud800).",
                field.Length == 0 ? "body" : field);
        }

        return (document, null, "body");
    }

    /// <summary>
    /// The path of the first string or property name that cannot be decoded, or null. The reader accepts any
    /// <c>\uXXXX</c> escape, but <see cref="JsonElement.GetString"/> throws on a lone surrogate: checked once here so
    /// no parser meets it later.
    /// </summary>
    private static string? FindInvalidText(JsonElement element, string path)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                return TryDecode(element.GetString) ? null : path;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (FindInvalidText(item, $"{path}[{index++}]") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    string name = "";
                    if (!TryDecode(() => name = property.Name))
                    {
                        return path;
                    }

                    if (FindInvalidText(property.Value, path.Length == 0 ? name : $"{path}.{name}") is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    private static bool TryDecode(Func<string?> decode)
    {
        try
        {
            decode();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }
}
