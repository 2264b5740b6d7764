using System.Reflection;
using LeadFunctions.LocalHost.Http;
using LeadFunctions.LocalHost.TriggerAdapters;
using Microsoft.Azure.WebJobs;

namespace LeadFunctions.LocalHost.Catalogue;

/// <summary>
/// Everything the local host binds: the WebJobs adapters' trigger attributes and the HTTP routes reflected from the
/// app. A contract test compares it with the functions.metadata the worker SDK generates, so a trigger changed on one
/// side only is caught.
/// </summary>
public static class LocalFunctionCatalogue
{
    /// <summary>The function app's assembly, whose functions the local host runs.</summary>
    public static Assembly AppAssembly => typeof(ApplicationServiceCollectionExtensions).Assembly;

    public static IReadOnlyList<LocalFunctionBinding> Describe() =>
        [.. TriggerAdapterTypeLocator.AdapterTypes.SelectMany(DescribeAdapter), .. HttpFunctionDiscovery.Discover(AppAssembly).Select(DescribeHttp)];

    private static IEnumerable<LocalFunctionBinding> DescribeAdapter(Type adapter)
    {
        var functionClass = adapter.BaseType is { IsGenericType: true } baseType && baseType.GetGenericTypeDefinition() == typeof(TriggerAdapter<>)
            ? baseType.GetGenericArguments()[0]
            : throw new InvalidOperationException($"{adapter.Name} must derive from TriggerAdapter<TFunction>.");

        foreach (var method in adapter.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly))
        {
            if (method.GetCustomAttribute<FunctionNameAttribute>() is not { } function)
            {
                continue;
            }

            var entryPoint = $"{functionClass.FullName}.{method.Name}";
            foreach (var attribute in method.GetParameters().SelectMany(p => p.GetCustomAttributes()))
            {
                switch (attribute)
                {
                    case QueueTriggerAttribute queue:
                        yield return new LocalFunctionBinding(function.Name, "queueTrigger", entryPoint, queue.Connection, QueueName: queue.QueueName);
                        break;
                    case BlobTriggerAttribute blob:
                        yield return new LocalFunctionBinding(function.Name, "blobTrigger", entryPoint, blob.Connection, BlobPath: blob.BlobPath, Source: blob.Source.ToString());
                        break;
                }
            }
        }
    }

    private static LocalFunctionBinding DescribeHttp(HttpFunctionDescriptor function) =>
        new(function.Name, "httpTrigger", function.EntryPoint, Route: function.Route, Methods: function.HttpMethods, AuthLevel: function.AuthLevel);
}
