using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.LocalHost.Http;

/// <summary>Writes RFC 9457 problem responses for failures the local host itself answers.</summary>
internal static class ProblemResponses
{
    public const string ContentType = "application/problem+json";

    public static Task WriteAsync(HttpContext context, int status, string title, string? detail)
    {
        context.Response.StatusCode = status;
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        return context.Response.WriteAsJsonAsync(problem, options: null, contentType: ContentType, context.RequestAborted);
    }
}
