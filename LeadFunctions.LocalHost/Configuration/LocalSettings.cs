namespace LeadFunctions.LocalHost.Configuration;

/// <summary>The contents of one local.settings.json, keyed as configuration keys.</summary>
public sealed record LocalSettings(string Path, IReadOnlyDictionary<string, string?> Values, int? LocalHttpPort);
