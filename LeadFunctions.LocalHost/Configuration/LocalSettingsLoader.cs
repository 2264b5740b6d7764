using System.Text.Json;
using Microsoft.Extensions.Configuration;

namespace LeadFunctions.LocalHost.Configuration;

/// <summary>
/// Reads <c>local.settings.json</c> as Core Tools does: <c>Values</c> become app settings and <c>ConnectionStrings</c>
/// become <c>ConnectionStrings:{name}</c>. App setting names use <c>__</c> for nesting, as environment variables do in
/// Azure, so they are exposed to configuration with <c>:</c> (<c>LeadScoring__UploadsContainer</c> →
/// <c>LeadScoring:UploadsContainer</c>).
/// </summary>
public static class LocalSettingsLoader
{
    private static readonly JsonDocumentOptions ReadOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    public static LocalSettings Load(string path)
    {
        using var document = ParseFile(path);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new LocalHostSetupException($"{path} must hold a JSON object with a \"Values\" object.");
        }

        if (root.TryGetProperty("IsEncrypted", out var encrypted) && encrypted.ValueKind == JsonValueKind.True)
        {
            throw new LocalHostSetupException(
                $"{path} is encrypted (\"IsEncrypted\": true); the local host reads plain values only. Run 'func settings decrypt' or recreate it from local.settings.sample.json.");
        }

        var settings = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in ReadStrings(root, "Values", path))
        {
            settings[ToConfigurationKey(name)] = value;
        }

        foreach (var (name, value) in ReadStrings(root, "ConnectionStrings", path))
        {
            settings[ConfigurationPath.Combine("ConnectionStrings", name)] = value;
        }

        return new LocalSettings(path, settings, ReadLocalHttpPort(root, path));
    }

    /// <summary>The key an app setting has in configuration, as the environment-variable provider maps it.</summary>
    public static string ToConfigurationKey(string settingName) =>
        settingName.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal);

    private static JsonDocument ParseFile(string path)
    {
        try
        {
            return JsonDocument.Parse(File.ReadAllText(path), ReadOptions);
        }
        catch (JsonException ex)
        {
            throw new LocalHostSetupException($"{path} is not valid JSON: {ex.Message}", ex);
        }
    }

    private static IEnumerable<(string Name, string? Value)> ReadStrings(JsonElement root, string section, string path)
    {
        if (!root.TryGetProperty(section, out var values) || values.ValueKind == JsonValueKind.Null)
        {
            yield break;
        }

        if (values.ValueKind != JsonValueKind.Object)
        {
            throw new LocalHostSetupException($"\"{section}\" in {path} must be an object of name/value pairs.");
        }

        foreach (var property in values.EnumerateObject())
        {
            yield return (property.Name, property.Value.ValueKind switch
            {
                JsonValueKind.String => property.Value.GetString(),
                JsonValueKind.Null => null,
                // Core Tools accepts numbers and booleans as values and passes their text on.
                JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => property.Value.GetRawText(),
                _ => throw new LocalHostSetupException($"\"{section}.{property.Name}\" in {path} must be a string, number or boolean."),
            });
        }
    }

    private static int? ReadLocalHttpPort(JsonElement root, string path)
    {
        if (!root.TryGetProperty("Host", out var host) || host.ValueKind != JsonValueKind.Object
            || !host.TryGetProperty("LocalHttpPort", out var port) || port.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return port.TryGetInt32(out var value) && value is > 0 and <= 65535
            ? value
            : throw new LocalHostSetupException($"\"Host.LocalHttpPort\" in {path} must be a port number.");
    }
}
