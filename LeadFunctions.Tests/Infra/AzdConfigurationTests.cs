using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace LeadFunctions.Tests.Infra;

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

    private static JsonObject ParametersFile() =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(CompiledMainTemplate.InfraFolder, "main.parameters.json")))!["parameters"]!.AsObject();

    private static string? Value(JsonObject parameters, string name) => ArmTemplate.Text(parameters[name]?["value"]);

    /// <summary>azd's <c>${NAME}</c> or <c>${NAME=fallback}</c>.</summary>
    [GeneratedRegex(@"^\$\{(?<name>[A-Z_][A-Z0-9_]*)(=(?<fallback>[^}]*))?\}$")]
    private static partial Regex EnvironmentSubstitution();
}
