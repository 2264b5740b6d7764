namespace LeadFunctions.Tests.Ai;

public class RetryAfterTests
{
    private static readonly DateTimeOffset Now = new(2025, 3, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("Retry-After", "1", 1000)]
    [InlineData("Retry-After", " 30 ", 30_000)]
    [InlineData("Retry-After", "0", 0)]
    [InlineData("Retry-After", "Sat, 01 Mar 2025 12:00:07 GMT", 7000)]
    [InlineData("Retry-After", "Sat, 01 Mar 2025 11:59:00 GMT", 0)]
    [InlineData("retry-after-ms", "250", 250)]
    [InlineData("x-ms-retry-after-ms", "1500", 1500)]
    public void Reads_the_wait(string header, string value, int milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), RetryAfter.FromHeaders(n => n == header ? value : null, Now));

    [Theory]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("")]
    public void Ignores_what_it_cannot_read(string value) =>
        Assert.Null(RetryAfter.FromHeaders(n => n == "Retry-After" ? value : null, Now));

    [Fact]
    public void Milliseconds_win_over_seconds() =>
        Assert.Equal(
            TimeSpan.FromMilliseconds(200),
            RetryAfter.FromHeaders(n => n switch { "Retry-After" => "9", "retry-after-ms" => "200", _ => null }, Now));
}
