using System.Diagnostics;
using System.Runtime.InteropServices;

namespace LeadFunctions.LocalHost.Storage;

/// <summary>Stops a child process politely first (SIGTERM lets Azurite flush its workspace), then for certain.</summary>
internal static class ProcessSignals
{
    private const int SigTerm = 15;
    private static readonly TimeSpan GracePeriod = TimeSpan.FromSeconds(5);

    public static async Task StopAsync(Process process)
    {
        if (HasExited(process))
        {
            return;
        }

        if (!OperatingSystem.IsWindows() && SendTerminate(process.Id) && await WaitForExitAsync(process, GracePeriod))
        {
            return;
        }

        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It exited between the check and the kill.
            return;
        }

        await WaitForExitAsync(process, GracePeriod);
    }

    private static bool HasExited(Process process)
    {
        try
        {
            return process.HasExited;
        }
        catch (InvalidOperationException)
        {
            return true;
        }
    }

    private static async Task<bool> WaitForExitAsync(Process process, TimeSpan timeout)
    {
        using var cancellation = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(cancellation.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>Sends SIGTERM (Unix only); false when the signal could not be sent.</summary>
    public static bool SendTerminate(int pid) => Kill(pid, SigTerm) == 0;

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}
