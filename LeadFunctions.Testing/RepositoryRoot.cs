using LeadFunctions.LocalHost.Configuration;

namespace LeadFunctions.Testing;

/// <summary>
/// The repository the tests and benchmarks run from (after <c>npm ci</c> its <c>node_modules</c> holds Azurite), found
/// as the local host finds it: the first folder above the build output, else above the working directory, that holds
/// <c>LeadFunctions.sln</c>.
/// </summary>
public static class RepositoryRoot
{
    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find() =>
        RepositoryLayout.Discover(AppContext.BaseDirectory).Root ?? RepositoryLayout.Discover(Directory.GetCurrentDirectory()).Root
        ?? throw new InvalidOperationException($"No {RepositoryLayout.SolutionFileName} in {AppContext.BaseDirectory} or any folder above it, nor above {Directory.GetCurrentDirectory()}.");
}
