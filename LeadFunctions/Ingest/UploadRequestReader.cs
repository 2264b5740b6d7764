using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;

namespace LeadFunctions.Ingest;

/// <summary>
/// Finds the CSV in an upload request without buffering it: the <c>file</c> part of a <c>multipart/form-data</c> body
/// (as the original API took it), or the raw body for <c>text/csv</c> and the other CSV types of <see cref="RawCsvTypes"/>.
/// A body without a Content-Type, or as <c>text/plain</c>, is refused: a web page can send those cross-site without a
/// CORS preflight.
/// </summary>
public static class UploadRequestReader
{
    public const string FileField = "file";

    /// <summary>Raw CSV bodies the API takes (documented in the OpenAPI document).</summary>
    public static IReadOnlyList<string> RawCsvTypes { get; } = ["text/csv", "application/csv", "application/vnd.ms-excel"];

    /// <summary>The CSV stream, or an error: (<c>null</c>, status, message).</summary>
    public static async Task<(Stream? Csv, int Status, string? Error)> OpenCsvAsync(HttpRequest request, CancellationToken ct)
    {
        if (string.IsNullOrEmpty(request.ContentType))
        {
            return (null, StatusCodes.Status415UnsupportedMediaType,
                $"Say what the body is: send the CSV as multipart/form-data with a '{FileField}' field, or with Content-Type: text/csv.");
        }

        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var mediaType))
        {
            return (null, StatusCodes.Status415UnsupportedMediaType, $"The Content-Type '{request.ContentType}' cannot be read.");
        }

        if (mediaType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase))
        {
            var boundary = HeaderUtilities.RemoveQuotes(mediaType.Boundary).Value;
            if (string.IsNullOrEmpty(boundary))
            {
                return (null, StatusCodes.Status400BadRequest, "The multipart body has no boundary.");
            }

            var reader = new MultipartReader(boundary, request.Body) { HeadersLengthLimit = 16 * 1024 };
            for (var parts = 0; parts < 100; parts++)
            {
                var section = await reader.ReadNextSectionAsync(ct);
                if (section is null)
                {
                    break;
                }

                if (ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    && disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase)
                    && HeaderUtilities.RemoveQuotes(disposition.Name).Equals(FileField, StringComparison.Ordinal))
                {
                    return (section.Body, 0, null);
                }
            }

            return (null, StatusCodes.Status400BadRequest, $"The multipart body has no '{FileField}' field: send the CSV as -F \"{FileField}=@leads.csv\".");
        }

        return RawCsvTypes.Any(t => mediaType.MediaType.Equals(t, StringComparison.OrdinalIgnoreCase))
            ? (request.Body, 0, null)
            : (null, StatusCodes.Status415UnsupportedMediaType,
                $"Send the CSV as multipart/form-data with a '{FileField}' field, or as a text/csv body, not {mediaType.MediaType}.");
    }
}
