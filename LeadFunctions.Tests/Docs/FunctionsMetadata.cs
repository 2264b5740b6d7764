using System.Text.Json;
using LeadFunctions.Tests.Infra;

namespace LeadFunctions.Tests.Docs;

/// <summary>One HTTP route of the app as the Functions SDK generated it into <c>functions.metadata</c>.</summary>
internal sealed record HttpRouteMetadata(string Function, string Method, string Route, string AuthLevel);

/// <summary>
/// Reads the <c>functions.metadata</c> the Functions SDK writes next to LeadFunctions.dll, so tests see the routes the
/// host will really serve, not a hand-kept list.
/// </summary>
internal static class FunctionsMetadata
{
    public static string FilePath
    {
        get
        {
            // The test assembly sits in LeadFunctions.Tests/bin/<Configuration>/<tfm>/; the app was built with the same configuration.
            var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
            var targetFramework = testOutput.Name;
            var configuration = testOutput.Parent!.Name;
            return RepositoryRoot.Combine("LeadFunctions", "bin", configuration, targetFramework, "functions.metadata");
        }
    }

    public static IReadOnlyList<HttpRouteMetadata> HttpRoutes()
    {
        var path = FilePath;
        Assert.True(File.Exists(path), $"{path} is missing: build LeadFunctions (the test project references it, so dotnet test does).");
        using var document = JsonDocument.Parse(File.ReadAllBytes(path));
        var routes = new List<HttpRouteMetadata>();
        foreach (var function in document.RootElement.EnumerateArray())
        {
            var name = function.GetProperty("name").GetString()!;
            foreach (var binding in function.GetProperty("bindings").EnumerateArray())
            {
                if (binding.GetProperty("type").GetString() != "httpTrigger")
                {
                    continue;
                }

                var route = binding.TryGetProperty("route", out var r) && r.GetString() is { } value ? value : name;
                var authLevel = binding.GetProperty("authLevel").GetString()!;
                foreach (var method in binding.GetProperty("methods").EnumerateArray())
                {
                    routes.Add(new HttpRouteMetadata(name, method.GetString()!.ToLowerInvariant(), route, authLevel));
                }
            }
        }

        return routes;
    }
}
