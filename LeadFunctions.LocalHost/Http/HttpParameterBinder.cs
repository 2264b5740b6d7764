using System.ComponentModel;
using System.Reflection;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace LeadFunctions.LocalHost.Http;

/// <summary>
/// Binds one parameter of an HTTP function from the request, as the worker's ASP.NET Core integration does for the
/// kinds this app uses: the request, the context, the cancellation token (request aborted) and route values by name.
/// Anything else is refused when the host starts, not on the first request.
/// </summary>
internal static class HttpParameterBinder
{
    private static readonly HashSet<Type> RouteValueTypes =
        [typeof(string), typeof(int), typeof(long), typeof(Guid), typeof(bool), typeof(double), typeof(decimal)];

    public static Func<HttpContext, object?> Create(HttpFunctionDescriptor function, ParameterInfo parameter, RoutePattern route)
    {
        var type = parameter.ParameterType;
        if (type == typeof(HttpRequest))
        {
            return context => context.Request;
        }

        if (type == typeof(HttpContext))
        {
            return context => context;
        }

        if (type == typeof(CancellationToken))
        {
            return context => context.RequestAborted;
        }

        var valueType = Nullable.GetUnderlyingType(type) ?? type;
        if (!RouteValueTypes.Contains(valueType))
        {
            throw new LocalHostSetupException(
                $"The local host cannot bind parameter '{parameter.Name}' ({type.Name}) of function '{function.Name}' ({function.EntryPoint}). "
                + "It binds HttpRequest, HttpContext, CancellationToken and route values (string, int, long, Guid, bool, double, decimal) by name; "
                + "take services through the function class's constructor.");
        }

        var name = parameter.Name!;
        if (route.GetParameter(name) is null)
        {
            throw new LocalHostSetupException(
                $"Parameter '{name}' of function '{function.Name}' ({function.EntryPoint}) has no '{{{name}}}' in route '{function.RouteTemplate}'.");
        }

        var acceptsNull = !type.IsValueType || valueType != type;
        return context => Convert(context.GetRouteValue(name), name, valueType, acceptsNull);
    }

    private static object? Convert(object? routeValue, string name, Type valueType, bool acceptsNull)
    {
        var text = routeValue?.ToString();
        if (string.IsNullOrEmpty(text))
        {
            return acceptsNull ? null : throw new RouteValueBindingException($"Route value '{name}' is required.");
        }

        if (valueType == typeof(string))
        {
            return text;
        }

        try
        {
            return TypeDescriptor.GetConverter(valueType).ConvertFromInvariantString(text);
        }
        catch (Exception ex) when (ex is FormatException or ArgumentException or NotSupportedException or OverflowException)
        {
            throw new RouteValueBindingException($"Route value '{name}' is not a valid {valueType.Name}.");
        }
    }
}
