namespace LeadFunctions.Tests.Ai;

public class IntentResponseParserTests
{
    [Theory]
    [InlineData("{\"intent\":\"High\",\"reasoning\":\"Fits.\"}", LeadIntent.High)]
    [InlineData("{\"reasoning\":\"Fits.\",\"intent\":\"Medium\"}", LeadIntent.Medium)]
    [InlineData(" {\"intent\": \"low\", \"reasoning\": \" Fits. \"} ", LeadIntent.Low)]
    public void Reads_a_valid_answer(string content, LeadIntent intent) =>
        Assert.Equal(new IntentClassification(intent, "Fits."), IntentResponseParser.Parse(content));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("```json\n{\"intent\":\"High\",\"reasoning\":\"x\"}\n```")]
    [InlineData("[\"High\"]")]
    [InlineData("{\"intent\":\"Unknown\",\"reasoning\":\"x\"}")]
    [InlineData("{\"intent\":\"1\",\"reasoning\":\"x\"}")]
    [InlineData("{\"intent\":\"High, Low\",\"reasoning\":\"x\"}")]
    [InlineData("{\"intent\":2,\"reasoning\":\"x\"}")]
    [InlineData("{\"intent\":\"High\",\"reasoning\":\"   \"}")]
    [InlineData("{\"intent\":\"High\",\"reasoning\":null}")]
    [InlineData("{\"reasoning\":\"x\"}")]
    [InlineData("{\"intent\":\"High\",\"intent\":\"Low\",\"reasoning\":\"x\"}")]
    [InlineData("{\"intent\":\"High\",\"reasoning\":\"x\",\"confidence\":1}")]
    public void Rejects_anything_else(string? content) =>
        Assert.Throws<AiInvalidResponseException>(() => IntentResponseParser.Parse(content));

    [Fact]
    public void Rejects_an_overlong_reasoning() =>
        Assert.Throws<AiInvalidResponseException>(() => IntentResponseParser.Parse(
            $"{{\"intent\":\"High\",\"reasoning\":\"{new string('x', IntentResponseParser.MaxReasoningLength + 1)}\"}}"));

    [Fact]
    public void Quotes_only_an_excerpt_of_an_unknown_intent()
    {
        var failure = Assert.Throws<AiInvalidResponseException>(() =>
            IntentResponseParser.Parse($"{{\"intent\":\"{new string('y', 500)}\",\"reasoning\":\"x\"}}"));

        Assert.True(failure.Message.Length < 120, failure.Message);
        Assert.False(failure.IsTransient);
    }
}
