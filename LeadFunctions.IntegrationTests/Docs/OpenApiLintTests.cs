using System.Text.Json.Nodes;
namespace LeadFunctions.IntegrationTests.Docs;

/// <summary>
/// scripts/lint-openapi.sh, which .ci/run runs on the document the app serves: Redocly CLI's recommended rules
/// (redocly.yaml) pass on the app's document, and a lint error fails the script.
/// </summary>
public sealed class OpenApiLintTests
{
    private static readonly string Script = RepositoryRoot.Combine("scripts", "lint-openapi.sh");

    [Fact]
    public async Task The_document_the_app_serves_passes_with_no_error()
    {
        var result = await LintAsync(OpenApiDocumentBuilder.BuildJson(LeadScoringOptions.DefaultMaxUploadBytes));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("valid", result.StandardOutput + result.StandardError);
    }

    [Fact]
    public async Task A_lint_error_fails_the_script()
    {
        // An operation without responses, and two operations sharing an operationId: errors under `recommended`.
        var broken = OpenApiDocumentBuilder.Build(LeadScoringOptions.DefaultMaxUploadBytes);
        broken["paths"]!["/api/health"]!["get"]!["responses"] = new JsonObject();
        broken["paths"]!["/api/leads"]!["get"]!["operationId"] = "GetLeadResults";

        var result = await LintAsync(broken.ToJsonString());

        Assert.True(result.ExitCode != 0, result.ToString());
        var output = result.StandardOutput + result.StandardError;
        Assert.Contains("operation-operationId-unique", output);
    }

    private static async Task<ShellScriptResult> LintAsync(string document)
    {
        Assert.True(File.Exists(RepositoryRoot.Combine("node_modules", ".bin", "redocly")),
            "node_modules/.bin/redocly is missing: run `npm ci --no-audit --no-fund` at the repository root (.ci/run does).");
        var folder = Directory.CreateTempSubdirectory("leadfunctions-openapi-lint-");
        try
        {
            var file = Path.Combine(folder.FullName, "openapi.json");
            await File.WriteAllTextAsync(file, document);
            return await ShellScript.RunAsync("bash", [Script, file]);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }
}
