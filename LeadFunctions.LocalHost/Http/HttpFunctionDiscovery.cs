using System.Reflection;
using Microsoft.Azure.Functions.Worker;

namespace LeadFunctions.LocalHost.Http;

/// <summary>Finds the app's HTTP functions by reflection: <c>[Function]</c> methods with an <c>[HttpTrigger]</c> parameter.</summary>
public static class HttpFunctionDiscovery
{
    public static IReadOnlyList<HttpFunctionDescriptor> Discover(Assembly assembly)
    {
        var functions = new List<HttpFunctionDescriptor>();
        foreach (var type in assembly.GetTypes().Where(t => t.IsClass && !t.IsAbstract))
        {
            var methods = type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly);
            foreach (var method in methods)
            {
                var function = method.GetCustomAttribute<FunctionAttribute>();
                var trigger = method.GetParameters()
                    .Select(p => p.GetCustomAttribute<HttpTriggerAttribute>())
                    .FirstOrDefault(a => a is not null);
                if (function is null || trigger is null)
                {
                    continue;
                }

                functions.Add(new HttpFunctionDescriptor(
                    function.Name,
                    method,
                    trigger.Route,
                    trigger.Methods is { Length: > 0 } verbs ? [.. verbs.Select(v => v.ToLowerInvariant())] : null,
                    trigger.AuthLevel.ToString()));
            }
        }

        return [.. functions.OrderBy(f => f.Name, StringComparer.Ordinal)];
    }
}
