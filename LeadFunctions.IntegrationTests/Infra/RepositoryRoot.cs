namespace LeadFunctions.IntegrationTests.Infra;

/// <summary>Finds the repository root from the test assembly's location, by walking up to <c>LeadFunctions.sln</c>.</summary>
internal static class RepositoryRoot
{
    private const string SolutionFile = "LeadFunctions.sln";

    private static readonly Lazy<string> Root = new(Find);

    public static string Path => Root.Value;

    public static string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    private static string Find()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(directory.FullName, SolutionFile)))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException($"No {SolutionFile} in {AppContext.BaseDirectory} or any folder above it.");
    }
}
