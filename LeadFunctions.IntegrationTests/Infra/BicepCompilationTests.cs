using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LeadFunctions.IntegrationTests.Infra;

[Collection(InfraCollection.Name)]
public sealed class BicepCompilationTests(CompiledMainTemplate compiled)
{
    /// <summary>The only core rule allowed off: it asks the public registry for module versions.</summary>
    private const string RegistryRule = "use-recent-module-versions";

    [Fact]
    public void Main_template_builds_without_errors_or_warnings()
    {
        var build = compiled.Build;

        Assert.True(build.ExitCode == 0 && build.StandardError.Trim().Length == 0, $"bicep build exited {build.ExitCode} and printed:\n{build.StandardError.Trim()}");
        Assert.NotNull(JsonNode.Parse(build.StandardOutput)?["resources"]);
    }

    [Fact]
    public async Task Main_template_and_its_modules_lint_without_errors_or_warnings()
    {
        var lint = await BicepCli.RunAsync(CompiledMainTemplate.InfraFolder, "lint", "main.bicep");

        var printed = (lint.StandardOutput + lint.StandardError).Trim();
        Assert.True(lint.ExitCode == 0 && printed.Length == 0, $"bicep lint exited {lint.ExitCode} and printed:\n{printed}");
    }

    [Fact]
    public void Bicep_config_keeps_every_core_linter_rule_at_warning_or_above()
    {
        var config = JsonNode.Parse(
            File.ReadAllText(Path.Combine(CompiledMainTemplate.InfraFolder, "bicepconfig.json")),
            documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip })!;
        var core = config["analyzers"]?["core"];

        Assert.True(core?["enabled"]?.GetValue<bool>(), "The core linter must stay enabled.");
        foreach (var (rule, settings) in core?["rules"]?.AsObject() ?? new JsonObject())
        {
            var level = settings?["level"]?.GetValue<string>();
            string[] allowed = rule == RegistryRule ? ["off"] : ["warning", "error"];
            Assert.True(allowed.Contains(level), $"Linter rule {rule} is set to '{level}'.");
        }
    }

    [Fact]
    public void Templates_reference_no_registry_module_so_they_build_offline()
    {
        var registryReference = new Regex(@"^\s*(module|import|extension)\b.*'(br|ts)[:/]", RegexOptions.Multiline);
        var files = Directory.GetFiles(CompiledMainTemplate.InfraFolder, "*.bicep", SearchOption.AllDirectories);

        Assert.NotEmpty(files);
        Assert.All(files, file => Assert.False(registryReference.IsMatch(File.ReadAllText(file)), $"{file} references a registry module."));
    }
}
