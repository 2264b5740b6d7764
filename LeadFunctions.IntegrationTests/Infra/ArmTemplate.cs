using System.Text.Json.Nodes;

namespace LeadFunctions.IntegrationTests.Infra;

/// <summary>
/// Read access to a compiled ARM template: resources (an array, or an object keyed by symbolic name when the
/// template uses language version 2.0), and the nested templates of Bicep modules.
/// </summary>
internal sealed class ArmTemplate(JsonObject root)
{
    private const string DeploymentType = "Microsoft.Resources/deployments";

    public JsonObject Root { get; } = root;

    public static ArmTemplate Parse(string json) =>
        new(JsonNode.Parse(json) as JsonObject ?? throw new FormatException("The template is not a JSON object."));

    public IEnumerable<JsonObject> Resources => Root["resources"] switch
    {
        JsonArray array => array.OfType<JsonObject>(),
        JsonObject bySymbolicName => bySymbolicName.Select(pair => pair.Value).OfType<JsonObject>(),
        _ => [],
    };

    public IReadOnlyList<JsonObject> ResourcesOfType(string type) =>
        Resources.Where(resource => string.Equals(Text(resource["type"]), type, StringComparison.OrdinalIgnoreCase)).ToList();

    public JsonObject SingleResourceOfType(string type)
    {
        var matches = ResourcesOfType(type);
        Assert.True(matches.Count == 1, $"Expected one {type} resource, found {matches.Count}.");
        return matches[0];
    }

    /// <summary>The module deployment with this deployment name.</summary>
    public JsonObject Module(string name)
    {
        var matches = ResourcesOfType(DeploymentType).Where(module => Text(module["name"]) == name).ToList();
        Assert.True(matches.Count == 1, $"Expected one module deployment named '{name}', found {matches.Count}.");
        return matches[0];
    }

    /// <summary>This template and the nested templates of its modules, at any depth.</summary>
    public IEnumerable<ArmTemplate> SelfAndNestedTemplates()
    {
        yield return this;
        foreach (var module in ResourcesOfType(DeploymentType))
        {
            if (module["properties"]?["template"] is JsonObject nested)
            {
                foreach (var template in new ArmTemplate(nested).SelfAndNestedTemplates())
                {
                    yield return template;
                }
            }
        }
    }

    public ArmTemplate ModuleTemplate(string name) =>
        new(Module(name)["properties"]?["template"] as JsonObject ?? throw new FormatException($"Module '{name}' has no nested template."));

    /// <summary>The value main.bicep passes to a module parameter.</summary>
    public JsonNode? ModuleParameter(string module, string parameter) =>
        Module(module)["properties"]?["parameters"]?[parameter]?["value"];

    public JsonNode? ParameterDefault(string parameter) => Root["parameters"]?[parameter]?["defaultValue"];

    public static string? Text(JsonNode? node) => node is JsonValue value && value.TryGetValue<string>(out var text) ? text : null;

    /// <summary>The ARM expression main.bicep compiles <c>module.outputs.output</c> into.</summary>
    public static bool IsModuleOutput(string? expression, string module, string output) =>
        expression is not null
        && expression.Contains($"'{DeploymentType}', '{module}')", StringComparison.Ordinal)
        && expression.Contains($".outputs.{output}.value", StringComparison.Ordinal);
}
