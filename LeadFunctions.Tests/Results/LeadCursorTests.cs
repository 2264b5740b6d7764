using System.Buffers.Text;
using System.Text;
namespace LeadFunctions.Tests.Results;

public class LeadCursorTests
{
    private const string Key = "idx-020-ava!patel 0123456789abcdef-00112233445566778899aabbccddeeff";
    private static readonly LeadFilter Filter = new("0123456789abcdef", null, "High", 40);

    [Fact]
    public void A_cursor_resumes_after_its_key_under_the_same_filters()
    {
        Assert.Equal(Key, LeadCursor.Decode(LeadCursor.Encode(Key, Filter), Filter));
    }

    [Fact]
    public void A_cursor_is_refused_under_other_filters()
    {
        var cursor = LeadCursor.Encode(Key, Filter);

        Assert.Null(LeadCursor.Decode(cursor, Filter with { Intent = null }));
        Assert.Null(LeadCursor.Decode(cursor, Filter with { MinScore = 41 }));
        Assert.Null(LeadCursor.Decode(cursor, Filter with { OfferId = "fedcba9876543210" }));
    }

    [Fact]
    public void Every_one_character_change_is_refused()
    {
        var cursor = LeadCursor.Encode(Key, Filter);
        const string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

        for (var i = 0; i < cursor.Length; i++)
        {
            foreach (var replacement in new[] { 1, 2, 32 }.Select(step => alphabet[(alphabet.IndexOf(cursor[i], StringComparison.Ordinal) + step) % alphabet.Length]))
            {
                var tampered = cursor[..i] + replacement + cursor[(i + 1)..];
                Assert.True(LeadCursor.Decode(tampered, Filter) is null, $"'{replacement}' at {i} of {cursor} was accepted");
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("not a cursor!")]
    [InlineData("AAAA")]
    public void Garbage_is_refused(string cursor)
    {
        Assert.Null(LeadCursor.Decode(cursor, Filter));
    }

    [Fact]
    public void Truncated_padded_or_withoutChecksumcursors_are_refused()
    {
        var cursor = LeadCursor.Encode(Key, Filter);
        var withoutChecksum = Base64Url.EncodeToString(Encoding.UTF8.GetBytes($"{{\"K\":\"{Key}\",\"F\":\"{Filter.Fingerprint}\"}}"));

        Assert.Null(LeadCursor.Decode(cursor[..^1], Filter));
        Assert.Null(LeadCursor.Decode(cursor[1..], Filter));
        Assert.Null(LeadCursor.Decode(cursor + "A", Filter));
        Assert.Null(LeadCursor.Decode(withoutChecksum, Filter));
    }
}
