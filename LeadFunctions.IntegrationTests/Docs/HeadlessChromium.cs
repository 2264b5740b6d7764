
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
            string[] arguments =
            [
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", $"--user-data-dir={profile.FullName}",
                "--virtual-time-budget=5000", .. mode, url.AbsoluteUri,
            ];
            var run = await ShellScript.RunAsync(ExecutablePath, arguments, timeout: Timeout);
            Assert.True(run.ExitCode == 0, $"Chromium exited with {run.ExitCode}. stderr:\n{run.StandardError}");
            return run.StandardOutput;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
