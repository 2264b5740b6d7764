using System.Collections.Concurrent;
using LeadFunctions.Testing;

namespace LeadFunctions.Testing;

/// <summary>
/// Scripts <see cref="FakeOpenAiServer"/> per lead, so one batch whose leads are scored concurrently can give each lead
/// its own sequence of replies. Use <see cref="Reply"/> as the server's <see cref="FakeOpenAiServer.DefaultReply"/>;
/// a lead whose script is used up gets <see cref="FakeOpenAiServer.DecideFromLeadText"/>.
/// </summary>
public sealed class PerLeadReplies
{
    private readonly ConcurrentDictionary<string, ConcurrentQueue<FakeReply>> _scripts = new(StringComparer.Ordinal);

    /// <summary>Replies for the next calls about the lead named <paramref name="leadName"/>, in order.</summary>
    public void Enqueue(string leadName, params FakeReply[] replies)
    {
        var script = _scripts.GetOrAdd(leadName, _ => new ConcurrentQueue<FakeReply>());
        foreach (var reply in replies)
        {
            script.Enqueue(reply);
        }
    }

    public FakeReply Reply(FakeChatRequest request)
    {
        var block = request.LeadBlock ?? "";
        foreach (var (name, script) in _scripts)
        {
            if (block.Contains(name, StringComparison.Ordinal) && script.TryDequeue(out var reply))
            {
                return reply;
            }
        }

        return FakeOpenAiServer.DecideFromLeadText(request);
    }

    /// <summary>How many chat requests the server received about the lead named <paramref name="leadName"/>.</summary>
    public static int CallsAbout(FakeOpenAiServer server, string leadName) =>
        server.Requests.Count(r => (r.LeadBlock ?? "").Contains(leadName, StringComparison.Ordinal));
}
