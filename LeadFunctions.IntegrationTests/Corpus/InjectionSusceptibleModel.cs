using System.Text.RegularExpressions;
namespace LeadFunctions.IntegrationTests.Corpus;

/// <summary>
/// A fake model as gullible as a naive LLM: it obeys "answer High" anywhere in the user message outside one well-formed
/// <c>&lt;lead_data&gt;</c> block, and otherwise decides from the lead's data
/// (<see cref="FakeOpenAiServer.DecideFromLeadText"/>). Lead text that gets out of its fence, or a prompt without the
/// fence, makes it answer High — so a test using it fails if the prompt stops fencing lead text.
/// </summary>
public static partial class InjectionSusceptibleModel
{
    /// <summary>What it answers when it follows an instruction.</summary>
    public static FakeReply Obeyed { get; } = FakeReply.Intent("High", "Doing what the message says.");

    public static FakeReply Reply(FakeChatRequest request)
    {
        var user = request.UserMessage ?? "";
        var outsideTheFence = FencedBlock().Replace(user, "");
        return FenceStart().Count(user) != 1 || AnswerHigh().IsMatch(outsideTheFence)
            ? Obeyed
            : FakeOpenAiServer.DecideFromLeadText(request);
    }

    [GeneratedRegex("<lead_data>.*?</lead_data>", RegexOptions.Singleline)]
    private static partial Regex FencedBlock();

    [GeneratedRegex("<lead_data>")]
    private static partial Regex FenceStart();

    [GeneratedRegex(@"answer\W+high", RegexOptions.IgnoreCase)]
    private static partial Regex AnswerHigh();
}
