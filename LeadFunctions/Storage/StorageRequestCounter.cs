using System.Collections.Concurrent;
using Azure.Core;
using Azure.Core.Pipeline;

namespace LeadFunctions.Storage;

/// <summary>
/// Counts the storage requests this process sends through the app's clients (<see cref="StorageClientFactory"/>), by
/// service and kind (<c>table read</c>, <c>table transaction</c>, <c>queue enqueue</c> …), retries included: what the
/// benchmarks report as storage requests per lead. Counting is a dictionary increment, cheap enough to stay on.
/// </summary>
public static class StorageRequestCounter
{
    private static readonly ConcurrentDictionary<string, long> Counts = new(StringComparer.Ordinal);

    /// <summary>Every count so far, by <c>"{service} {kind}"</c>.</summary>
    public static IReadOnlyDictionary<string, long> Snapshot() => Counts.ToDictionary(StringComparer.Ordinal);

    /// <summary>What was counted after <paramref name="before"/> (a <see cref="Snapshot"/>).</summary>
    public static IReadOnlyDictionary<string, long> Since(IReadOnlyDictionary<string, long> before) =>
        Snapshot()
            .Select(c => (c.Key, Count: c.Value - before.GetValueOrDefault(c.Key)))
            .Where(c => c.Count != 0)
            .ToDictionary(c => c.Key, c => c.Count, StringComparer.Ordinal);

    /// <summary>A policy counting every attempt of every request of one service's clients, under <paramref name="label"/> + service.</summary>
    public static HttpPipelinePolicy PolicyFor(string service, string label = "") => new Policy(service, label);

    /// <summary>The kind of a storage request, from its method and path (the REST shapes of the three services).</summary>
    internal static string Kind(string service, string method, string path)
    {
        var last = path.TrimEnd('/');
        last = last[(last.LastIndexOf('/') + 1)..];
        return (service, method) switch
        {
            ("table", "POST") when last == "$batch" => "transaction",
            ("table", "POST") => last == "Tables" ? "create table" : "insert",
            ("table", "GET") => last.EndsWith(')') && last.Contains("RowKey=", StringComparison.Ordinal) ? "read" : "query",
            ("table", "PUT" or "MERGE" or "PATCH") => "update",
            ("table", "DELETE") => "delete",
            ("queue", "POST") => "enqueue",
            ("queue", "GET") => last == "messages" ? "receive" : "get",
            ("queue", "DELETE") => last == "messages" ? "clear" : path.Contains("/messages/", StringComparison.Ordinal) ? "delete" : "delete queue",
            ("queue", "PUT") => path.Contains("/messages/", StringComparison.Ordinal) ? "update" : "create",
            _ => method.ToLowerInvariant(),
        };
    }

    private sealed class Policy(string service, string label) : HttpPipelineSynchronousPolicy
    {
        public override void OnSendingRequest(HttpMessage message)
        {
            var kind = Kind(service, message.Request.Method.Method, message.Request.Uri.Path);
            Counts.AddOrUpdate($"{label}{service} {kind}", 1, (_, count) => count + 1);
        }
    }
}
