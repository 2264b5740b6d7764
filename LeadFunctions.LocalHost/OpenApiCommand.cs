namespace LeadFunctions.LocalHost;

/// <summary>
/// <c>dotnet run --project LeadFunctions.LocalHost -- openapi FILE</c>: writes the OpenAPI document the app serves at
/// <c>/api/openapi.json</c> (default settings) to FILE, for <c>scripts/lint-openapi.sh</c>. It starts nothing.
/// </summary>
public static class OpenApiCommand
{
    public const string Name = "openapi";

    /// <param name="args">The arguments after <c>openapi</c>.</param>
    public static async Task<int> RunAsync(string[] args)
    {
        if (args is not [var path])
        {
            await Console.Error.WriteLineAsync($"usage: {Name} FILE (writes the OpenAPI document to FILE)");
            return 2;
        }

        await File.WriteAllTextAsync(path, OpenApiDocumentBuilder.BuildJson(LeadScoringOptions.DefaultMaxUploadBytes));
        return 0;
    }
}
