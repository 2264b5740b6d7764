using System.Diagnostics;

namespace LeadFunctions.IntegrationTests.Docs;

/// <summary>Runs Debian's headless Chromium once against a local URL, with a fresh profile, no network extras and a hard timeout.</summary>
internal static class HeadlessChromium
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(90);

    /// <summary>The DOM after the page's scripts ran (up to 5 s of virtual time).</summary>
    public static async Task<string> DumpDomAsync(Uri url) => await RunAsync(url, "--dump-dom");

    public static async Task TakeScreenshotAsync(Uri url, string pngPath) =>
        await RunAsync(url, $"--screenshot={pngPath}", "--window-size=1280,2400", "--hide-scrollbars");

    private static async Task<string> RunAsync(Uri url, params string[] mode)
    {
        Assert.True(File.Exists(ExecutablePath),
            $"{ExecutablePath} is missing. Install Chromium to run the docs page tests: .ci/install-chromium.sh (apt-get install -y chromium); CI installs it.");

        var profile = Directory.CreateTempSubdirectory("leadfunctions-chromium-");
        try
        {
            var start = new ProcessStartInfo(ExecutablePath)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (var argument in (string[])
                     [
                         "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}",
                         "--virtual-time-budget=5000", .. mode, url.AbsoluteUri,
                     ])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                await process.WaitForExitAsync();
                Assert.Fail($"Chromium did not finish within {Timeout.TotalSeconds} s. stderr:\n{await stderr}");
            }

            Assert.True(process.ExitCode == 0, $"Chromium exited with {process.ExitCode}. stderr:\n{await stderr}");
            return await stdout;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
