using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.LocalHost.Http;

/// <summary>
/// Runs one HTTP function for a request: a new instance of its class from the request's services, parameters bound,
/// the returned <see cref="IActionResult"/> (or <see cref="IResult"/>) executed, all inside the app's
/// <see cref="HttpFunctionMiddleware"/>: cross-site browser requests are refused, and an unhandled exception is logged
/// and answered with a 500 problem that carries no stack trace.
/// </summary>
internal sealed class HttpFunctionInvoker
{
    private readonly HttpFunctionDescriptor _function;
    private readonly Func<HttpContext, object?>[] _binders;
    private readonly PropertyInfo? _taskResult;

    public HttpFunctionInvoker(HttpFunctionDescriptor function, RoutePattern route)
    {
        _function = function;
        _binders = [.. function.Method.GetParameters().Select(p => HttpParameterBinder.Create(function, p, route))];
        _taskResult = ResultPropertyOf(function);
    }

    /// <summary>Runs the function inside the app's own <see cref="HttpFunctionMiddleware"/>, as the worker does in Azure.</summary>
    public Task InvokeAsync(HttpContext context) =>
        ActivatorUtilities.GetServiceOrCreateInstance<HttpFunctionMiddleware>(context.RequestServices)
            .InvokeAsync(context, _function.Name, () => RunAsync(context));

    private async Task RunAsync(HttpContext context)
    {
        object?[] arguments;
        try
        {
            arguments = [.. _binders.Select(bind => bind(context))];
        }
        catch (RouteValueBindingException ex)
        {
            await Problems.WriteAsync(context, Problems.Problem(StatusCodes.Status400BadRequest, "Invalid route value.", ex.Message));
            return;
        }

        var result = await CallAsync(context, arguments);
        await ExecuteAsync(result, context);
    }

    private async Task<object?> CallAsync(HttpContext context, object?[] arguments)
    {
        var method = _function.Method;
        var instance = method.IsStatic ? null : FunctionClassActivator.Create(method.DeclaringType!, context.RequestServices);
        var returned = method.Invoke(instance, BindingFlags.DoNotWrapExceptions, binder: null, arguments, culture: null);
        if (returned is not Task task)
        {
            return returned;
        }

        await task;
        return _taskResult?.GetValue(task);
    }

    private static async Task ExecuteAsync(object? result, HttpContext context)
    {
        switch (result)
        {
            case IActionResult actionResult:
                await actionResult.ExecuteResultAsync(new ActionContext(context, context.GetRouteData(), new ActionDescriptor()));
                break;
            case IResult httpResult:
                await httpResult.ExecuteAsync(context);
                break;
            case null when !context.Response.HasStarted:
                // A function that returns nothing and writes nothing answers as an empty success.
                context.Response.StatusCode = StatusCodes.Status204NoContent;
                break;
        }
    }

    /// <summary>The <c>Result</c> of a <c>Task&lt;T&gt;</c> return; refuses, at start-up, return types it cannot execute.</summary>
    private static PropertyInfo? ResultPropertyOf(HttpFunctionDescriptor function)
    {
        var returnType = function.Method.ReturnType;
        var awaited = returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>)
            ? returnType.GetGenericArguments()[0]
            : null;
        var produced = awaited ?? returnType;
        var executable = produced == typeof(void) || produced == typeof(Task)
            || typeof(IActionResult).IsAssignableFrom(produced) || typeof(IResult).IsAssignableFrom(produced);
        if (!executable)
        {
            throw new LocalHostSetupException(
                $"Function '{function.Name}' ({function.EntryPoint}) returns {returnType.Name}; the local host executes IActionResult or IResult, "
                + "returned directly or from Task<T>.");
        }

        return awaited is null ? null : returnType.GetProperty(nameof(Task<object>.Result));
    }
}
