using Microsoft.AspNetCore.Http;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.Http;

/// <summary>
/// Runs around every HTTP function, in Azure (a worker middleware, registered in Program.cs) and in the local host
/// (around its invoker), so both answer alike: <see cref="BrowserRequestGuard"/> first, then the function; an
/// unhandled exception is logged and answered with a 500 problem that carries nothing of the exception. Without it
/// the Functions host answers an empty 500.
/// </summary>
public sealed class HttpFunctionMiddleware(ILogger<HttpFunctionMiddleware> logger) : IFunctionsWorkerMiddleware
{
    public Task Invoke(FunctionContext context, FunctionExecutionDelegate next) =>
        context.GetHttpContext() is { } http
            ? InvokeAsync(http, context.FunctionDefinition.Name, () => next(context))
            : next(context);

    /// <param name="function">Runs the function (in Azure, the rest of the worker pipeline).</param>
    public async Task InvokeAsync(HttpContext http, string functionName, Func<Task> function)
    {
        if (BrowserRequestGuard.Check(http.Request) is { } refusal)
        {
            await Problems.WriteAsync(http, refusal);
            return;
        }

        // The invocation's span: the ids the query names now, the ones the function learns (route, body, new batch) as it runs.
        using var span = LeadTelemetry.StartFunction(functionName).WithQueryIds(name => http.Request.Query[name]);
        try
        {
            await function();
        }
        catch (OperationCanceledException) when (http.RequestAborted.IsCancellationRequested)
        {
            // The client went away; there is nobody to answer.
        }
        catch (Exception ex)
        {
            span.Failed(ex);
            logger.LogError(ex, "Function '{FunctionName}' failed on {Method} {Path}.", functionName, http.Request.Method, http.Request.Path);
            if (!http.Response.HasStarted)
            {
                http.Response.Clear();
                await Problems.WriteAsync(http, Problems.Unexpected(functionName));
            }
        }
    }
}
