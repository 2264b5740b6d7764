using LeadFunctions.LocalHost.Configuration;

namespace LeadFunctions.IntegrationTests.LocalHost;

/// <summary>
/// The repository patches Azurite at <c>npm ci</c> (package.json <c>postinstall</c>, <c>patches/</c>) so that large
/// queues do not stall it (README, "Azurite and large batches"). These tests fail when the installed Azurite lacks the
/// patch or when a patched store answers differently from the LokiJS queries it replaces.
/// </summary>
public sealed class AzuritePatchTests
{
    private static readonly string Root = RepositoryRoot.Path;

    [Fact]
    public void Npm_ci_applied_the_repository_patch_to_the_installed_azurite()
    {
        var version = InstalledAzuriteVersion();
        var patch = Path.Combine(Root, "patches", $"azurite+{version}.patch");
        Assert.True(File.Exists(patch), $"{patch} is missing: remake the patch for Azurite {version} (see README).");

        var addedLinesByFile = AddedLinesByFile(File.ReadAllLines(patch));
        Assert.NotEmpty(addedLinesByFile);
        foreach (var (file, added) in addedLinesByFile)
        {
            var installed = File.ReadAllLines(Path.Combine(Root, file)).Select(line => line.Trim()).ToHashSet(StringComparer.Ordinal);
            var missing = added.Where(line => !installed.Contains(line)).ToList();
            Assert.True(missing.Count == 0, $"{file} lacks {missing.Count} patched lines (was npm ci run with --ignore-scripts?), first: {missing.FirstOrDefault()}");
        }
    }

    [Fact]
    public async Task Patched_stores_answer_as_the_lokijs_queries_they_replace()
    {
        var script = Path.Combine(Root, "LeadFunctions.IntegrationTests", "LocalHost", "azurite-patch-check.cjs");
        var run = await ShellScript.RunAsync("node", [script, Root], workingDirectory: Root, timeout: TimeSpan.FromMinutes(3));

        Assert.True(run.ExitCode == 0, run.StandardOutput + run.StandardError);
        Assert.StartsWith("ok:", run.StandardOutput, StringComparison.Ordinal);
    }

    private static string InstalledAzuriteVersion()
    {
        var packageJson = Path.Combine(Root, "node_modules", "azurite", "package.json");
        Assert.True(File.Exists(packageJson), $"{packageJson} is missing: run 'npm ci' in {Root}.");
        using var document = System.Text.Json.JsonDocument.Parse(File.ReadAllText(packageJson));
        return document.RootElement.GetProperty("version").GetString()!;
    }

    /// <summary>The non-blank lines a unified diff adds, by the repository-relative file they go to.</summary>
    private static Dictionary<string, List<string>> AddedLinesByFile(IEnumerable<string> patchLines)
    {
        var result = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        List<string>? current = null;
        foreach (var line in patchLines)
        {
            if (line.StartsWith("+++ b/", StringComparison.Ordinal))
            {
                current = result[line["+++ b/".Length..]] = [];
            }
            else if (current is not null && line.StartsWith('+') && line.Trim().Length > 1)
            {
                current.Add(line[1..].Trim());
            }
        }

        return result;
    }
}
