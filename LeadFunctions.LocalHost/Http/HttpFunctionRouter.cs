using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;

namespace LeadFunctions.LocalHost.Http;

/// <summary>
/// Maps the app's HTTP functions onto endpoint routing under the route prefix (<c>api</c> unless host.json's
/// <c>extensions.http.routePrefix</c> says otherwise), with their methods. Route templates use ASP.NET Core syntax,
/// as in Functions; the matcher ignores a trailing slash. Function keys are not checked, as with <c>func start</c>.
/// </summary>
public static class HttpFunctionRouter
{
    public const string DefaultRoutePrefix = "api";

    public static void Map(IEndpointRouteBuilder endpoints, IEnumerable<HttpFunctionDescriptor> functions, string routePrefix)
    {
        foreach (var function in functions)
        {
            var template = string.IsNullOrEmpty(routePrefix) ? function.RouteTemplate : $"{routePrefix.Trim('/')}/{function.RouteTemplate.TrimStart('/')}";
            RoutePattern pattern;
            try
            {
                pattern = RoutePatternFactory.Parse(template);
            }
            catch (RoutePatternException ex)
            {
                throw new LocalHostSetupException($"Function '{function.Name}' has an invalid route '{function.RouteTemplate}': {ex.Message}", ex);
            }

            var invoker = new HttpFunctionInvoker(function, pattern);
            var endpoint = function.HttpMethods is null
                ? endpoints.Map(pattern, invoker.InvokeAsync)
                : endpoints.MapMethods(template, [.. function.HttpMethods.Select(m => m.ToUpperInvariant())], invoker.InvokeAsync);
            endpoint.WithDisplayName($"{function.Name} ({function.EntryPoint})");
        }
    }
}
