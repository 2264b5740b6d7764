using System.ComponentModel;
using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace LeadFunctions.LocalHost.Storage;

/// <summary>Starts the repository's own Azurite (pinned in package.json, installed by <c>npm ci</c>) on loopback.</summary>
public static class AzuriteLauncher
{
    /// <summary>Azurite's JS entry point, run by <c>node</c> directly so the process id we hold is node's.</summary>
    public static string EntryPoint(string repositoryRoot) =>
        Path.Combine(repositoryRoot, "node_modules", "azurite", "dist", "src", "azurite.js");

    /// <summary>Preload that ends Azurite when the process that started it dies (see the script).</summary>
    public static string ParentGuardScript => Path.Combine(AppContext.BaseDirectory, "Storage", "exit-with-parent.cjs");

    public static async Task<AzuriteProcess> StartAsync(AzuriteLaunchOptions options, ILogger logger, CancellationToken cancellationToken)
    {
        var entryPoint = EntryPoint(options.RepositoryRoot);
        if (!File.Exists(entryPoint))
        {
            throw new LocalHostSetupException(
                $"Azurite is not installed: {entryPoint} is missing. Run 'npm ci' in {options.RepositoryRoot} first (package.json pins Azurite).");
        }

        var startInfo = new ProcessStartInfo("node")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = options.Location ?? options.RepositoryRoot,
        };
        foreach (var argument in Arguments(entryPoint, options))
        {
            startInfo.ArgumentList.Add(argument);
        }

        if (options.Location is not null)
        {
            Directory.CreateDirectory(options.Location);
        }

        Process process;
        try
        {
            process = Process.Start(startInfo) ?? throw new LocalHostSetupException("node could not be started.");
        }
        catch (Win32Exception ex)
        {
            throw new LocalHostSetupException("Node.js 20 or newer must be on PATH to run Azurite ('node' was not found).", ex);
        }

        var azurite = new AzuriteProcess(process, logger);
        try
        {
            await azurite.WaitUntilListeningAsync(options.StartTimeout, cancellationToken);
        }
        catch
        {
            await azurite.DisposeAsync();
            throw;
        }

        logger.LogInformation(
            "Azurite started (pid {ProcessId}): blob {BlobPort}, queue {QueuePort}, table {TablePort}, data in {Location}.",
            azurite.ProcessId, azurite.Endpoints.BlobPort, azurite.Endpoints.QueuePort, azurite.Endpoints.TablePort,
            options.Location ?? "memory");
        return azurite;
    }

    private static IEnumerable<string> Arguments(string entryPoint, AzuriteLaunchOptions options)
    {
        if (!File.Exists(ParentGuardScript))
        {
            throw new LocalHostSetupException($"{ParentGuardScript} is missing from the build output; rebuild LeadFunctions.LocalHost.");
        }

        string[] fixedArguments =
        [
            "--require", ParentGuardScript, entryPoint, "--silent", "--skipApiVersionCheck", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--blobPort", Port(options.BlobPort),
            "--queueHost", "127.0.0.1", "--queuePort", Port(options.QueuePort),
            "--tableHost", "127.0.0.1", "--tablePort", Port(options.TablePort),
        ];
        return options.Location is null
            ? [.. fixedArguments, "--inMemoryPersistence"]
            : [.. fixedArguments, "--location", options.Location];
    }

    private static string Port(int port) => port.ToString(System.Globalization.CultureInfo.InvariantCulture);
}
