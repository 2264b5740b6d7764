using LeadFunctions.LocalHost.Catalogue;

namespace LeadFunctions.Tests.LocalHost;

/// <summary>Compares two sets of trigger bindings exactly, both ways, and says what differs.</summary>
public static class BindingContract
{
    public static IReadOnlyList<string> Differences(IEnumerable<LocalFunctionBinding> metadata, IEnumerable<LocalFunctionBinding> localHost)
    {
        var expected = metadata.Select(Describe).ToHashSet(StringComparer.Ordinal);
        var actual = localHost.Select(Describe).ToHashSet(StringComparer.Ordinal);
        return
        [
            .. expected.Except(actual).Order(StringComparer.Ordinal).Select(d => $"in functions.metadata, not bound by the local host: {d}"),
            .. actual.Except(expected).Order(StringComparer.Ordinal).Select(d => $"bound by the local host, not in functions.metadata: {d}"),
        ];
    }

    /// <summary>Every compared property in one line; method order does not matter, their presence does.</summary>
    public static string Describe(LocalFunctionBinding binding) =>
        $"{binding.Name} {binding.TriggerType} entryPoint={binding.EntryPoint} connection={binding.Connection} "
        + $"queueName={binding.QueueName} path={binding.BlobPath} route={binding.Route} "
        + $"methods={(binding.Methods is null ? "" : string.Join(",", binding.Methods.Order(StringComparer.Ordinal)))} authLevel={binding.AuthLevel} source={binding.Source}";
}
