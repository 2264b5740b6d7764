using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;

namespace LeadFunctions.LocalHost;

/// <summary>
/// Creates the app's function classes per invocation from the invocation's services, as the worker does: constructor
/// parameters come from the services <c>AddApplicationServices</c> registered.
/// </summary>
internal static class FunctionClassActivator
{
    private static readonly ConcurrentDictionary<Type, ObjectFactory> Factories = new();

    public static object Create(Type functionClass, IServiceProvider services) =>
        Factories.GetOrAdd(functionClass, t => ActivatorUtilities.CreateFactory(t, Type.EmptyTypes))(services, null);

    public static T Create<T>(IServiceProvider services)
        where T : class => (T)Create(typeof(T), services);
}
