using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LeadFunctions.IntegrationTests.Infra;

/// <summary>azure.yaml and infra/main.parameters.json agree with the template and the project layout.</summary>
[Collection(InfraCollection.Name)]
public sealed partial class AzdConfigurationTests(CompiledMainTemplate compiled)
{
    [Fact]
    public void Parameters_file_fills_azd_values_into_parameters_the_template_declares()
    {
        var declared = compiled.Template.Root["parameters"]!.AsObject();
        var supplied = ParametersFile();

        Assert.All(supplied, parameter => Assert.True(declared.ContainsKey(parameter.Key), $"main.bicep declares no parameter '{parameter.Key}'."));
        Assert.All(
            declared.Where(parameter => parameter.Value?["defaultValue"] is null),
            required => Assert.True(supplied.ContainsKey(required.Key), $"Required parameter '{required.Key}' is not in main.parameters.json."));
        Assert.Equal("${AZURE_ENV_NAME}", Value(supplied, "environmentName"));
        Assert.Equal("${AZURE_LOCATION}", Value(supplied, "location"));
        Assert.Equal("${AZURE_PRINCIPAL_ID}", Value(supplied, "principalId"));
    }

    [Fact]
    public void Parameters_file_fallbacks_match_the_template_defaults()
    {
        var declared = compiled.Template.Root["parameters"]!.AsObject();

        foreach (var (name, parameter) in ParametersFile())
        {
            var value = Value(ParametersFile(), name) ?? "";
            Assert.Matches(EnvironmentSubstitution(), value);
            var fallback = EnvironmentSubstitution().Match(value).Groups["fallback"];
            if (fallback.Success)
            {
                var templateDefault = declared[name]?["defaultValue"];
                Assert.True(templateDefault is not null, $"'{name}' has a fallback in main.parameters.json but no default in main.bicep.");
                Assert.Equal(templateDefault!.ToString(), fallback.Value);
            }
        }
    }

    [Fact]
    public void Azure_yaml_deploys_the_function_project_as_service_api()
    {
        var lines = File.ReadAllLines(RepositoryRoot.Combine("azure.yaml")).Select(line => line.TrimEnd()).ToList();
        var api = lines.IndexOf("  api:");

        Assert.True(api > lines.IndexOf("services:") && lines.IndexOf("services:") >= 0, "azure.yaml has no service 'api' under services.");
        var service = lines.Skip(api + 1).TakeWhile(line => line.StartsWith("    ", StringComparison.Ordinal)).Select(line => line.Trim()).ToList();
        Assert.Equal(["project: ./LeadFunctions", "language: dotnet", "host: function"], service);
        Assert.True(File.Exists(RepositoryRoot.Combine("LeadFunctions", "LeadFunctions.csproj")));
    }

    [Fact]
    public void Azure_yaml_runs_the_event_subscription_hook_after_every_deploy()
    {
        var lines = File.ReadAllLines(RepositoryRoot.Combine("azure.yaml")).Select(line => line.TrimEnd()).ToList();
        var hooks = lines.IndexOf("hooks:");
        Assert.True(hooks >= 0, "azure.yaml has no hooks section.");
        var postDeploy = lines.IndexOf("  postdeploy:", hooks);
        Assert.True(postDeploy > hooks, "azure.yaml has no postdeploy hook.");

        var hook = lines.Skip(postDeploy + 1).TakeWhile(line => line.StartsWith("    ", StringComparison.Ordinal)).Select(line => line.Trim()).ToList();
        Assert.Contains("shell: sh", hook);
        Assert.Contains("run: ./scripts/post-deploy.sh", hook);
        Assert.Contains("continueOnError: false", hook);
        Assert.True(File.Exists(RepositoryRoot.Combine("scripts", "post-deploy.sh")));
    }

    [Fact]
    public void Every_azd_value_the_hook_reads_is_a_template_output()
    {
        var outputs = compiled.Template.Root["outputs"]!.AsObject();
        var script = File.ReadAllText(RepositoryRoot.Combine("scripts", "post-deploy.sh"));
        // azd itself sets these in every environment.
        string[] setByAzd = ["AZURE_SUBSCRIPTION_ID", "AZURE_ENV_NAME", "AZURE_PRINCIPAL_ID"];
        var read = AzdValue().Matches(script).Select(match => match.Value).Distinct().Except(setByAzd).ToList();

        Assert.Contains("AZURE_EVENTGRID_SYSTEM_TOPIC_ID", read);
        Assert.Contains("SERVICE_API_URI", read);
        Assert.All(read, name => Assert.True(outputs.ContainsKey(name), $"The hook reads {name}, which main.bicep does not output."));
    }

    private static JsonObject ParametersFile() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(CompiledMainTemplate.InfraFolder, "main.parameters.json")))!["parameters"]!.AsObject();

    private static string? Value(JsonObject parameters, string name) => ArmTemplate.Text(parameters[name]?["value"]);

    /// <summary>The azd environment values a hook reads: template outputs are AZURE_* and SERVICE_*.</summary>
    [GeneratedRegex(@"\b(AZURE|SERVICE)_[A-Z0-9_]+\b")]
    private static partial Regex AzdValue();

    /// <summary>azd's <c>${NAME}</c> or <c>${NAME=fallback}</c>.</summary>
    [GeneratedRegex(@"^\$\{(?<name>[A-Z_][A-Z0-9_]*)(=(?<fallback>[^}]*))?\}$")]
    private static partial Regex EnvironmentSubstitution();
}
