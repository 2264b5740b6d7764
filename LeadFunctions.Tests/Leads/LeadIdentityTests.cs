using System.Text.RegularExpressions;
namespace LeadFunctions.Tests.Leads;

public class LeadIdentityTests
{
    [Theory]
    [InlineData("Ava  Patel", "FlowMetrics")]
    [InlineData("ava patel", " flowmetrics ")]
    [InlineData("  AVA\tPATEL ", "FLOWMETRICS")]
    [InlineData("Ava\u00A0Patel", "FlowMetrics")]
    [InlineData("Ａｖａ Ｐａｔｅｌ", "ＦｌｏｗＭｅｔｒｉｃｓ")]
    public void Case_spacing_and_unicode_forms_do_not_make_another_lead(string name, string company)
    {
        Assert.Equal(LeadIdentity.Id("Ava Patel", "FlowMetrics"), LeadIdentity.Id(name, company));
        Assert.Equal(LeadIdentity.Hash("Ava Patel", "FlowMetrics"), LeadIdentity.Hash(name, company));
    }

    [Fact]
    public void Composed_and_decomposed_accents_are_the_same_lead()
    {
        Assert.Equal(LeadIdentity.Id("Jos\u00E9", "Caf\u00E9"), LeadIdentity.Id("Jose\u0301", "CAFE\u0301"));
    }

    [Theory]
    [InlineData("Ava Patel", "DataCorp")]
    [InlineData("Ava Patil", "FlowMetrics")]
    [InlineData("AvaPatel", "FlowMetrics")]
    [InlineData("Ava Patel FlowMetrics", "")]
    public void Different_name_or_company_is_another_lead(string name, string company)
    {
        Assert.NotEqual(LeadIdentity.Id("Ava Patel", "FlowMetrics"), LeadIdentity.Id(name, company));
    }

    [Fact]
    public void Moving_a_word_between_name_and_company_is_another_lead()
    {
        Assert.NotEqual(LeadIdentity.Id("a b", "c"), LeadIdentity.Id("a", "b c"));
    }

    [Fact]
    public void The_id_is_stable_and_safe_as_a_table_row_key()
    {
        var id = LeadIdentity.Id(new LeadFields("Ava Patel", "Head of Growth", "FlowMetrics", "", "", ""));

        // Pinned (= first 16 bytes of SHA-256("9:AVA PATEL|FLOWMETRICS")): stored leads are keyed by it, so a change
        // here would duplicate every lead on re-upload.
        Assert.Equal("5381be8c05bd9b6a79273a3f40ceab6a", id);
        Assert.Matches(new Regex("^[0-9a-f]{32}$"), id);
        Assert.Equal(LeadIdentity.Hash("Ava Patel", "FlowMetrics").ToString("x32"), id);
    }

    [Fact]
    public void Blank_and_broken_text_still_gets_an_id()
    {
        Assert.Equal(LeadIdentity.Id(null, null), LeadIdentity.Id("", "  "));
        Assert.Matches("^[0-9a-f]{32}$", LeadIdentity.Id("Ava\uD800", "Acme\uDC00"));
    }

    [Fact]
    public void Normalize_collapses_and_upper_cases()
    {
        Assert.Equal("AVA PATEL", LeadIdentity.Normalize("  ava \t\r\n patel "));
    }
}
