using System.Text.Json.Nodes;
using LeadFunctions.LocalHost.Catalogue;
using LeadFunctions.LocalHost.Configuration;

namespace LeadFunctions.Tests.LocalHost;

/// <summary>One HTTP route of the app as the Functions SDK generated it into <c>functions.metadata</c>.</summary>
public sealed record HttpRouteMetadata(string Function, string Method, string Route, string AuthLevel);

/// <summary>
/// Reads the functions.metadata the worker SDK generates next to LeadFunctions.dll — what the real Functions host
/// binds — into the local host's catalogue terms.
/// </summary>
public static class FunctionsMetadata
{
    /// <summary>LeadFunctions/bin/&lt;configuration&gt;/&lt;tfm&gt;/functions.metadata of the build these tests run against.</summary>
    public static string Locate()
    {
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var targetFramework = testOutput.Name;
        var configuration = testOutput.Parent!.Name;
        var root = RepositoryLayout.Discover(AppContext.BaseDirectory).Root
            ?? throw new InvalidOperationException($"{RepositoryLayout.SolutionFileName} not found above {AppContext.BaseDirectory}.");
        var path = Path.Combine(root, "LeadFunctions", "bin", configuration, targetFramework, "functions.metadata");
        return File.Exists(path)
            ? path
            : throw new FileNotFoundException($"functions.metadata not found at {path}; build LeadFunctions in {configuration} first.", path);
    }

    public static JsonArray Load(string path) =>
        JsonNode.Parse(File.ReadAllText(path)) as JsonArray ?? throw new InvalidDataException($"{path} is not a JSON array.");

    /// <summary>Every HTTP route of the build's functions.metadata, one per method: the routes the host will really serve.</summary>
    public static IReadOnlyList<HttpRouteMetadata> HttpRoutes() =>
    [
        .. Triggers(Load(Locate()))
            .Where(t => t.TriggerType == "httpTrigger")
            .SelectMany(t => t.Methods!.Select(m => new HttpRouteMetadata(t.Name, m, t.Route ?? t.Name, t.AuthLevel!))),
    ];

    /// <summary>Each function's trigger binding (the one binding whose type ends in "Trigger").</summary>
    public static IReadOnlyList<LocalFunctionBinding> Triggers(JsonArray functions) =>
        [.. functions.Select(f => f!.AsObject()).Select(ToBinding)];

    /// <summary>A blob trigger's source; the worker SDK leaves it out for the default (polling) source.</summary>
    private static string? BlobSource(JsonObject trigger) =>
        (string?)trigger["type"] == "blobTrigger" ? (string?)trigger["source"] ?? "LogsAndContainerScan" : null;

    private static LocalFunctionBinding ToBinding(JsonObject function)
    {
        var name = (string)function["name"]!;
        var triggers = function["bindings"]!.AsArray()
            .Select(b => b!.AsObject())
            .Where(b => ((string?)b["type"])?.EndsWith("Trigger", StringComparison.OrdinalIgnoreCase) == true)
            .ToList();
        if (triggers.Count != 1)
        {
            throw new InvalidDataException($"Function {name} has {triggers.Count} trigger bindings in functions.metadata.");
        }

        var trigger = triggers[0];
        return new LocalFunctionBinding(
            name,
            (string)trigger["type"]!,
            (string)function["entryPoint"]!,
            Connection: (string?)trigger["connection"],
            QueueName: (string?)trigger["queueName"],
            BlobPath: (string?)trigger["path"],
            Route: (string?)trigger["route"],
            Methods: trigger["methods"]?.AsArray().Select(m => ((string)m!).ToLowerInvariant()).ToList(),
            AuthLevel: (string?)trigger["authLevel"],
            Source: BlobSource(trigger));
    }
}
