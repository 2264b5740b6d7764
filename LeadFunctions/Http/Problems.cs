using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.Http;

/// <summary>RFC 9457 problem responses (<c>application/problem+json</c>) with the title, status and detail the API promises.</summary>
public static class Problems
{
    public const string ContentType = "application/problem+json";

    public static ObjectResult Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        Result(new ValidationProblemDetails(errors)
        {
            Title = "The request is invalid.",
            Status = StatusCodes.Status400BadRequest,
            Detail = detail ?? "See errors for each invalid field.",
        });

    public static ObjectResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] }, message);

    public static ObjectResult BadRequest(string detail) => Problem(StatusCodes.Status400BadRequest, "The request is invalid.", detail);

    public static ObjectResult NotFound(string detail) => Problem(StatusCodes.Status404NotFound, "Not found.", detail);

    public static ObjectResult Conflict(string detail) => Problem(StatusCodes.Status409Conflict, "Conflict.", detail);

    public static ObjectResult PreconditionFailed(string detail) =>
        Problem(StatusCodes.Status412PreconditionFailed, "The resource has changed.", detail);

    public static ObjectResult PayloadTooLarge(string detail) => Problem(StatusCodes.Status413PayloadTooLarge, "The upload is too large.", detail);

    public static ObjectResult UnsupportedMediaType(string detail) =>
        Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported content type.", detail);

    public static ObjectResult Problem(int status, string title, string detail) =>
        Result(new ProblemDetails { Title = title, Status = status, Detail = detail });

    public static ObjectResult Forbidden(string detail) => Problem(StatusCodes.Status403Forbidden, "Forbidden.", detail);

    /// <summary>The answer to an unhandled exception: the function's name, nothing of the exception (that goes to the log).</summary>
    public static ObjectResult Unexpected(string functionName) =>
        Problem(StatusCodes.Status500InternalServerError, "An unexpected error occurred.", $"Function '{functionName}' failed.");

    /// <summary>
    /// Writes a problem straight to the response, where no MVC result executor runs (a worker middleware, the local
    /// host's own answers): the same body an <see cref="ObjectResult"/> from this class produces.
    /// </summary>
    public static Task WriteAsync(HttpContext context, ObjectResult problem)
    {
        context.Response.StatusCode = problem.StatusCode ?? StatusCodes.Status500InternalServerError;
        // The runtime type, so a validation problem keeps its errors.
        return context.Response.WriteAsJsonAsync(problem.Value, problem.Value!.GetType(), options: null, contentType: ContentType, context.RequestAborted);
    }

    private static ObjectResult Result(ProblemDetails problem) => new(problem)
    {
        StatusCode = problem.Status,
        ContentTypes = { ContentType },
    };
}
