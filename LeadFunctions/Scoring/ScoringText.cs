using System.Text;

namespace LeadFunctions.Scoring;

/// <summary>A lowercase word of free text and whether a hard separator (comma, slash, parenthesis, ampersand, spaced dash…) follows it.</summary>
internal readonly record struct TextWord(string Text, bool BreakAfter);

/// <summary>Text normalisation shared by the role and industry rules: lowercase, punctuation is a word break, spaces collapse.</summary>
internal static class ScoringText
{
    /// <summary>
    /// Splits text into lowercase words of letters and digits. Every other character separates words, so
    /// <c>Co-Founder</c> is <c>co founder</c>, <c>VP, Sales</c> is <c>vp sales</c> and <c>Sr.</c> is <c>sr</c>.
    /// </summary>
    public static List<TextWord> Tokenize(string? text)
    {
        var words = new List<TextWord>();
        if (string.IsNullOrEmpty(text))
        {
            return words;
        }

        var word = new StringBuilder();
        var separator = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                if (word.Length == 0 && words.Count > 0 && IsHardBreak(separator))
                {
                    words[^1] = words[^1] with { BreakAfter = true };
                }

                separator.Clear();
                word.Append(char.ToLowerInvariant(c));
            }
            else
            {
                if (word.Length > 0)
                {
                    words.Add(new TextWord(word.ToString(), BreakAfter: false));
                    word.Clear();
                }

                separator.Append(c);
            }
        }

        if (word.Length > 0)
        {
            words.Add(new TextWord(word.ToString(), BreakAfter: false));
        }

        return words;
    }

    /// <summary>The words of <paramref name="text"/> without separator information.</summary>
    public static string[] Words(string? text) => Tokenize(text).Select(w => w.Text).ToArray();

    /// <summary>Letters and digits only, lowercase: <c>B2B-SaaS</c>, <c>b2b saas</c> and <c>B2B SaaS</c> all give <c>b2bsaas</c>.</summary>
    public static string Compact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return "";
        }

        var compact = new StringBuilder(text.Length);
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                compact.Append(char.ToLowerInvariant(c));
            }
        }

        return compact.ToString();
    }

    /// <summary>
    /// Punctuation that separates parts of a title (<c>Partner, Sales</c>, <c>CEO / Founder</c>, <c>Owner (Retail)</c>),
    /// unlike the hyphen or dot inside a word (<c>Co-Founder</c>, <c>Sr. Engineer</c>). A dash counts when spaced: <c>Partner - Sales</c>.
    /// </summary>
    private static bool IsHardBreak(StringBuilder separator)
    {
        var text = separator.ToString();
        if (text.IndexOfAny([',', ';', ':', '/', '\\', '|', '(', ')', '[', ']', '{', '}', '&', '+', '–', '—', '@']) >= 0)
        {
            return true;
        }

        return text.Contains('-') && text.Any(char.IsWhiteSpace);
    }
}
