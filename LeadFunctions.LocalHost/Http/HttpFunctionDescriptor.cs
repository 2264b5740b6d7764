using System.Reflection;

namespace LeadFunctions.LocalHost.Http;

/// <summary>
/// One HTTP-triggered function of the app, as its attributes declare it — the same facts the worker SDK writes to
/// functions.metadata: name, route (null means the function name), methods (null means any) and authorization level.
/// </summary>
public sealed record HttpFunctionDescriptor(
    string Name,
    MethodInfo Method,
    string? Route,
    IReadOnlyList<string>? HttpMethods,
    string AuthLevel)
{
    /// <summary>The route the Functions host serves when the attribute names none: the function's name.</summary>
    public string RouteTemplate => Route ?? Name;

    public string EntryPoint => $"{Method.DeclaringType!.FullName}.{Method.Name}";
}
