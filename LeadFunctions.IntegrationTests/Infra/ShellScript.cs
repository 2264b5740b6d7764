using System.Diagnostics;

namespace LeadFunctions.IntegrationTests.Infra;

public sealed record ShellScriptResult(int ExitCode, string StandardOutput, string StandardError)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{StandardOutput}\nstderr:\n{StandardError}";
}

/// <summary>
/// The tests' one way to run a program to its end (a repository script, shellcheck, bicep, node, Chromium): a chosen
/// environment, its output captured, and a time limit after which it is killed with its children.
/// </summary>
internal static class ShellScript
{
    private static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(1);

    /// <summary>
    /// Runs <paramref name="fileName"/> with <paramref name="arguments"/> in <paramref name="workingDirectory"/> (the
    /// repository root by default). The environment is this process's, changed by <paramref name="environment"/>: a
    /// null value removes a variable.
    /// </summary>
    public static async Task<ShellScriptResult> RunAsync(
        string fileName,
        IEnumerable<string> arguments,
        IReadOnlyDictionary<string, string?>? environment = null,
        string? workingDirectory = null,
        TimeSpan? timeout = null)
    {
        var limit = timeout ?? DefaultTimeout;
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory ?? RepositoryRoot.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        using var cancel = new CancellationTokenSource(limit);
        var standardOutput = process.StandardOutput.ReadToEndAsync(cancel.Token);
        var standardError = process.StandardError.ReadToEndAsync(cancel.Token);
        try
        {
            await process.WaitForExitAsync(cancel.Token);
            return new ShellScriptResult(process.ExitCode, await standardOutput, await standardError);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            throw new TimeoutException($"{fileName} {string.Join(' ', startInfo.ArgumentList)} did not finish within {limit.TotalSeconds} s.");
        }
    }

    /// <summary>The full path of <paramref name="command"/> on PATH, or null.</summary>
    public static string? FindOnPath(string command) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "")
        .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
        .Select(folder => Path.Combine(folder, command))
        .FirstOrDefault(File.Exists);
}

/// <summary>A test that needs shellcheck: skipped, saying how to get it, when it is not installed.</summary>
public sealed class ShellcheckFactAttribute : FactAttribute
{
    public ShellcheckFactAttribute()
    {
        if (ShellScript.FindOnPath("shellcheck") is null)
        {
            Skip = "shellcheck is not installed: `bash .ci/install-shellcheck.sh` installs it (.ci/run does).";
        }
    }
}
