using System.Text;
namespace LeadFunctions.Testing;

/// <summary>An expected row: the line it starts on, where it ends, and its rejection (null = accepted).</summary>
internal sealed record ExpectedRow(int Line, CsvRowRejection? Rejection = null, int? EndLine = null);

/// <summary>One corpus file and what reading it must give: a file problem, or exactly these rows (and in-file duplicates).</summary>
internal sealed record CsvCase(
    byte[] Bytes,
    CsvFileProblemKind? Problem = null,
    string[]? MissingColumns = null,
    ExpectedRow[]? Rows = null,
    int Duplicates = 0,
    char Delimiter = ',');

/// <summary>The CSV corpus of docs/api.md#csv-input: seed data, header variants, RFC 4180 corners, broken and hostile files.</summary>
internal static class CsvCorpus
{
    public const string Header = LeadGenerator.Header;

    public static readonly IReadOnlyDictionary<string, CsvCase> Cases = new Dictionary<string, CsvCase>
    {
        ["seed"] = new(Utf8(Seed), Rows: [new(2), new(3), new(4)]),
        ["header_in_other_case_and_spacing_with_bom"] = new(
            [0xEF, 0xBB, 0xBF, .. Utf8("Name, Role ,COMPANY,Industry,Location,LinkedIn Bio\r\nAva Patel,Head of Growth,FlowMetrics,B2B SaaS,Mumbai,Scaling growth\r\n")],
            Rows: [new(2)]),
        ["underscore_inside_a_word_still_differs"] = new(Utf8("NAME,role,Company,in_dustry,location,Linkedin-Bio\nAva,CEO,Acme,SaaS,Pune,bio\n"),
            Problem: CsvFileProblemKind.MissingColumns, MissingColumns: ["industry"]),
        ["header_with_hyphenated_bio"] = new(Utf8("NAME,role,Company,industry,location,Linkedin-Bio\nAva,CEO,Acme,SaaS,Pune,bio\n"), Rows: [new(2)]),
        ["extra_columns_in_any_order"] = new(
            Utf8("id,email,linkedin_bio,location,industry,company,role,name,notes\n1,a@x.com,Bio,Pune,SaaS,Acme,CEO,Ava,call back\n"),
            Rows: [new(2)]),
        ["missing_columns"] = new(Utf8("name,role,company,location\nAva,CEO,Acme,Pune\n"),
            Problem: CsvFileProblemKind.MissingColumns, MissingColumns: ["industry", "linkedin_bio"]),
        ["required_column_twice"] = new(Utf8(Header + ",Name\nAva,CEO,Acme,SaaS,Pune,bio,Bob\n"), Problem: CsvFileProblemKind.DuplicateColumns),
        ["quoted_commas_quotes_and_newlines"] = new(
            Utf8(Header + "\nAva Patel,\"Head of Growth, APAC\",FlowMetrics,B2B SaaS,Mumbai,\"Says \"\"hi\"\"\r\nand scales, fast\"\nJohn Doe,CTO,DataCorp,SaaS,Pune,x\n"),
            Rows: [new(2, EndLine: 3), new(4)]),
        ["semicolon_separated"] = new(Utf8(Header.Replace(',', ';') + "\nAva;CEO;\"Acme; Inc\";SaaS;Pune;bio, with comma\n"), Rows: [new(2)], Delimiter: ';'),
        ["tab_separated"] = new(Utf8(Header.Replace(',', '\t') + "\nAva\tCEO\tAcme, Inc\tSaaS\tPune\tbio\n"), Rows: [new(2)], Delimiter: '\t'),
        ["blank_lines_are_skipped_not_counted"] = new(
            Utf8(Header + "\n\n\nAva,CEO,Acme,SaaS,Pune,bio\n   \n,,,,,\n\t\nJohn,CTO,Beta,SaaS,Delhi,bio\n\n"),
            Rows: [new(4), new(8)]),
        ["blank_lines_before_header"] = new(Utf8("\n  \n" + Header + "\nAva,CEO,Acme,SaaS,Pune,bio\n"), Rows: [new(4)]),
        ["no_name_and_no_company"] = new(Utf8(Header + "\n,CEO,,SaaS,Pune,bio\nAva,,,,,\n,,Acme,,,\n"),
            Rows: [new(2, CsvRowRejection.NoNameOrCompany), new(3), new(4)]),
        ["field_over_the_limit"] = new(
            Utf8(Header + "\nAva,CEO,Acme,SaaS,Pune," + new string('x', LeadCsvLimits.MaxFieldChars + 1) + "\nBob,CTO,Beta,SaaS,Delhi," + new string('y', LeadCsvLimits.MaxFieldChars) + "\n"),
            Rows: [new(2, CsvRowRejection.FieldTooLong), new(3)]),
        ["fields_within_the_limit_too_big_together_once_stored"] = new(
            Utf8(Header + "\n" + string.Join(',', Enumerable.Repeat(new string('\u00E9', LeadCsvLimits.MaxFieldChars), 6)) + "\n"
                + "Bob,CTO,Beta,SaaS,Delhi," + new string('\u4E2D', LeadCsvLimits.MaxFieldChars) + "\n"),
            Rows: [new(2, CsvRowRejection.TooBigToStore), new(3)]),
        ["text_after_closing_quote"] = new(Utf8(Header + "\nAva,\"CEO\"x,Acme,SaaS,Pune,bio\nBob,CTO,Beta,SaaS,Delhi,bio\n"),
            Rows: [new(2, CsvRowRejection.Malformed), new(3)]),
        ["quote_never_closed_swallows_to_the_end"] = new(
            Utf8(Header + "\nAva,CEO,Acme,SaaS,Pune,ok\nBob,\"CTO,Beta,SaaS,Delhi,bio\nCarl,VP,Gamma,SaaS,Goa,bio\nDan,VP,Delta,SaaS,Goa,bio\n"),
            Rows: [new(2), new(3, CsvRowRejection.Malformed, EndLine: 5)]),
        ["stray_quote_closed_by_a_later_one"] = new(
            Utf8(Header + "\nBob,\"CTO,Beta,SaaS,Delhi,bio\nCarl,VP,Gamma,SaaS,Goa,\"bio\"\nDan,VP,Delta,SaaS,Goa,bio\n"),
            Rows: [new(2, CsvRowRejection.Malformed, EndLine: 3), new(4)]),
        ["quote_inside_an_unquoted_value_is_text"] = new(Utf8(Header + "\nDwayne \"The Rock\" Johnson,Actor,Seven Bucks,Media,Miami,bio\n"), Rows: [new(2)]),
        ["more_values_than_columns"] = new(Utf8(Header + "\nAva,CEO,Acme, Inc.,SaaS,Pune,bio\nBob,CTO,Beta,SaaS,Delhi,bio,,\n"),
            Rows: [new(2, CsvRowRejection.TooManyValues), new(3)]),
        ["fewer_values_than_columns"] = new(Utf8(Header + "\nAva,CEO,Acme\n"), Rows: [new(2)]),
        ["duplicates_inside_the_file"] = new(
            Utf8(Header + "\nAva Patel,Head of Growth,FlowMetrics,B2B SaaS,Mumbai,bio\nava  patel,CEO, flowmetrics ,SaaS,Pune,other\nAva Patel,CEO,DataCorp,SaaS,Pune,bio\n"),
            Rows: [new(2), new(3), new(4)], Duplicates: 1),
        ["empty_file"] = new([], Problem: CsvFileProblemKind.Empty),
        ["only_blank_lines"] = new(Utf8("\n\r\n  \n"), Problem: CsvFileProblemKind.Empty),
        ["only_a_bom"] = new([0xEF, 0xBB, 0xBF], Problem: CsvFileProblemKind.Empty),
        ["header_only"] = new(Utf8(Header + "\n"), Problem: CsvFileProblemKind.NoDataRows),
        ["header_only_without_line_break"] = new(Utf8(Header), Problem: CsvFileProblemKind.NoDataRows),
        ["header_then_blank_rows"] = new(Utf8(Header + "\n\n,,,,,\n  \n"), Problem: CsvFileProblemKind.NoDataRows),
        ["random_binary"] = new(RandomBytes(4096), Problem: CsvFileProblemKind.NotText),
        ["zip_archive"] = new([0x50, 0x4B, 0x03, 0x04, 0x14, 0x00, 0x06, 0x00, .. RandomBytes(200)], Problem: CsvFileProblemKind.NotText),
        ["invalid_utf8_in_header"] = new([.. Utf8("nam"), 0xE9, .. Utf8(",role,company,industry,location,linkedin_bio\n")], Problem: CsvFileProblemKind.NotText),
        ["latin1_bytes_in_a_row"] = new(
            [.. Utf8(Header + "\nJos"), 0xE9, .. Utf8(" Garc"), 0xED, .. Utf8("a,CEO,Acme,SaaS,Madrid,bio\nAva,CEO,Beta,SaaS,Pune,bio\n")],
            Rows: [new(2, CsvRowRejection.InvalidText), new(3)]),
        ["control_character_in_a_row"] = new(Utf8(Header + "\nA\u0000va,CEO,Acme,SaaS,Pune,bio\n"), Rows: [new(2, CsvRowRejection.InvalidText)]),
        ["valid_non_ascii_text"] = new(Utf8(Header + "\nZoë Ødegaard,CEO,Café Ltd,SaaS,Zürich,日本のSaaS 🚀\n"), Rows: [new(2)]),
        ["utf16_tab_separated_excel_unicode_text"] = new(
            [.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(Header.Replace(',', '\t') + "\r\nZoë\tCEO\tAcme\tSaaS\tPune\tbio\r\n")],
            Rows: [new(2)], Delimiter: '\t'),
        ["cr_only_line_endings"] = new(Utf8(Header + "\rAva,CEO,Acme,SaaS,Pune,bio\rBob,CTO,Beta,SaaS,Delhi,\"two\rlines\"\rCarl,VP,Gamma,SaaS,Goa,bio"),
            Rows: [new(2), new(3, EndLine: 4), new(5)]),
        ["header_line_too_long"] = new(Utf8(Header + "," + new string('x', LeadCsvLimits.MaxHeaderChars) + "\nAva,CEO,Acme,SaaS,Pune,bio\n"),
            Problem: CsvFileProblemKind.HeaderTooLong),
        ["malformed_header"] = new(Utf8("name,\"role,company,industry,location,linkedin_bio\nAva,CEO,Acme,SaaS,Pune,bio\n"), Problem: CsvFileProblemKind.MalformedHeader),
    };

    public const string Seed =
        Header + "\n" +
        "Ava Patel,Head of Growth,FlowMetrics,B2B SaaS,Mumbai,\"Scaling growth for SaaS\"\n" +
        "John Doe,CTO,DataCorp,Enterprise Software,Bangalore,\"Tech leader, 15 years\"\n" +
        "Priya Sharma,Marketing Manager,AdVantage,Marketing Agencies,Delhi,Digital marketing expert\n";

    public static TheoryData<string> Names => new(Cases.Keys);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    private static byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        new Random(20240611).NextBytes(bytes);
        return bytes;
    }
}
