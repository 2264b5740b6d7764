namespace LeadFunctions.Storage;

/// <summary>Validation of user-supplied ids before they reach a table key: nothing that could address another entity.</summary>
public static class TableKeys
{
    public const int MaxIdLength = 128;

    /// <summary>Ids this app hands out are lowercase letters, digits and dashes; anything else can't be one of ours.</summary>
    public static bool IsValid(string? id) =>
        !string.IsNullOrEmpty(id) && id.Length <= MaxIdLength && id.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-');
}
