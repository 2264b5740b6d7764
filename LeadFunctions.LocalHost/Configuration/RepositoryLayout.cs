namespace LeadFunctions.LocalHost.Configuration;

/// <summary>
/// Where the local host finds the files it shares with the function app: the repository root (marked by
/// <c>LeadFunctions.sln</c>) holds <c>host.json</c>, <c>local.settings.json</c> and <c>node_modules</c>. The root is
/// searched upwards from the executable first (the build that is running belongs to one checkout), then from the
/// content root, so <c>dotnet run --project</c> works from any working directory.
/// </summary>
public sealed class RepositoryLayout
{
    public const string SolutionFileName = "LeadFunctions.sln";
    public const string HostJsonFileName = "host.json";
    public const string LocalSettingsFileName = "local.settings.json";

    private RepositoryLayout(string? root, string appDirectory)
    {
        Root = root;
        AppDirectory = appDirectory;
    }

    /// <summary>The repository root, or null when the app runs outside a checkout (e.g. copied elsewhere).</summary>
    public string? Root { get; }

    /// <summary>The directory of the running build; the app project copies host.json and local.settings.json there.</summary>
    public string AppDirectory { get; }

    /// <summary>host.json of the repository, else the copy next to the app.</summary>
    public string? HostJsonPath => FirstExisting(HostJsonFileName);

    /// <summary>local.settings.json of the repository, else the copy next to the app (where Core Tools finds it after a build).</summary>
    public string? LocalSettingsPath => FirstExisting(LocalSettingsFileName);

    public static RepositoryLayout Discover(string contentRoot) =>
        new(FindRoot(AppContext.BaseDirectory) ?? FindRoot(contentRoot), AppContext.BaseDirectory);

    /// <summary>A layout rooted at a given directory (tests, or a user who points the host elsewhere).</summary>
    public static RepositoryLayout At(string root) => new(Path.GetFullPath(root), AppContext.BaseDirectory);

    private static string? FindRoot(string start)
    {
        for (var directory = new DirectoryInfo(Path.GetFullPath(start)); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }

        return null;
    }

    private string? FirstExisting(string fileName)
    {
        if (Root is not null && File.Exists(Path.Combine(Root, fileName)))
        {
            return Path.Combine(Root, fileName);
        }

        var besideApp = Path.Combine(AppDirectory, fileName);
        return File.Exists(besideApp) ? besideApp : null;
    }
}
