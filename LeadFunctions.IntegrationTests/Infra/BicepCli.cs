using System.Xml.Linq;

namespace LeadFunctions.IntegrationTests.Infra;

/// <summary>
/// Runs the Bicep CLI that the test project downloads as a NuGet package (<c>PackageDownload</c> in the csproj),
/// so the templates are checked with a pinned compiler and without any global install.
/// </summary>
internal static class BicepCli
{
    private const string PackageId = "Azure.Bicep.CommandLine.linux-x64";
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);
    private static readonly Lazy<string> Executable = new(FindExecutable);

    /// <summary>
    /// Runs bicep with <paramref name="arguments"/>. Every call passes <c>--no-restore</c>: the templates use local
    /// modules only, and without it the CLI tries to download the public module index. Its diagnostics are what it
    /// writes to standard error.
    /// </summary>
    public static async Task<ShellScriptResult> RunAsync(string workingDirectory, params string[] arguments)
    {
        // The CLI aborts at start-up on a machine without ICU; it needs no culture data.
        return await ShellScript.RunAsync(
            Executable.Value,
            [.. arguments, "--no-restore"],
            new Dictionary<string, string?> { ["DOTNET_SYSTEM_GLOBALIZATION_INVARIANT"] = "1" },
            workingDirectory,
            Timeout);
    }

    private static string FindExecutable()
    {
        if (!OperatingSystem.IsLinux())
        {
            throw new PlatformNotSupportedException($"{PackageId} holds a Linux x64 build of bicep; run these tests on Linux x64.");
        }

        var version = PinnedVersion();
        var packagesFolder = Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");
        var executable = Path.Combine(packagesFolder, PackageId.ToLowerInvariant(), version, "tools", "bicep");
        if (!File.Exists(executable))
        {
            throw new FileNotFoundException($"bicep {version} is not in {packagesFolder}; `dotnet restore LeadFunctions.IntegrationTests` downloads it.", executable);
        }

        // NuGet does not keep the execute bit when it extracts a package.
        var mode = File.GetUnixFileMode(executable);
        const UnixFileMode execute = UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute;
        if ((mode & UnixFileMode.UserExecute) == 0)
        {
            File.SetUnixFileMode(executable, mode | execute);
        }

        return executable;
    }

    /// <summary>The version the test project pins, read from its csproj so there is one place to change it.</summary>
    private static string PinnedVersion()
    {
        var project = RepositoryRoot.Combine("LeadFunctions.IntegrationTests", "LeadFunctions.IntegrationTests.csproj");
        var download = XDocument.Load(project)
            .Descendants("PackageDownload")
            .SingleOrDefault(element => string.Equals((string?)element.Attribute("Include"), PackageId, StringComparison.OrdinalIgnoreCase))
            ?? throw new InvalidOperationException($"{project} has no PackageDownload of {PackageId}.");
        return ((string?)download.Attribute("Version") ?? "").Trim('[', ']', ' ');
    }
}
