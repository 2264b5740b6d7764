using System.Text;
using System.Text.Json.Nodes;
namespace LeadFunctions.IntegrationTests.Corpus;

/// <summary>
/// Generated hostile requests: query strings, route values and bodies drawn from the classes the corpus names
/// (<see cref="HostileInputs"/>): invalid percent-encoding and UTF-8, lone surrogates, numbers out of range, values
/// that grow once stored, wrong types and content types, mutated and random bytes.
/// </summary>
public sealed class FuzzInputs(Random random)
{
    /// <summary>Raw (already percent-encoded) values for query strings and route values.</summary>
    private static readonly string[] RawValues =
    [
        "", "-1", "0", "1", "100", "101", "1000", "1001", "99999999999999999999", "2147483648", "-2147483649", "1e3", "0x10", "%2B5", "5.5",
        "%ZZ", "%", "%F", "%FF%FE", "%ED%A0%80", "%C0%AF", "%00", "%0D%0A", "..%2F..%2Fbatches", "%2e%2e", "a%20b", "%E2%80%AE",
        "High", "high", "Urgent", "true", "false", "maybe", "null", "eyJhIjoiYiJ9", "%F0%9F%98%80", "%EF%BC%9D1%2B1",
    ];

    private static readonly string[] QueryNames = ["offer_id", "batch_id", "intent", "min_score", "page_size", "cursor", "bom", "code", "x", "offer_id%FF", "%ZZ"];

    /// <summary>JSON string contents (escaped as written into a body) that decode badly or grow once stored.</summary>
    private static readonly string[] JsonStrings =
    [
        "\\ud800", "\\udfff", "\\udc00\\ud800", "a\\ud83d", "\\u0000", "\\u001f", "ok", "", "   ", "\\\"", "\\\\",
        "\\uFF1D1+1", "=HYPERLINK(\\\"http://x\\\")", "../../offer", "<script>", "\\u00e9\\u00e9\\u00e9",
    ];

    private static readonly string?[] JsonContentTypes =
        ["application/json", "application/json", "application/json", "application/json; charset=utf-8", "application/problem+json", null, "text/plain", "application/x-www-form-urlencoded", "text/csv", "multipart/form-data; boundary=x", "application/json;;==", "application/json; charset=utf-16"];

    private static readonly string?[] CsvContentTypes =
        ["text/csv", "text/csv", "text/csv", "text/csv; charset=utf-8", "application/csv", "multipart/form-data; boundary=fuzz", "multipart/form-data", null, "text/plain", "application/json", "image/png"];

    public string Pick(IReadOnlyList<string> values) => values[random.Next(values.Count)];

    public string? PickNullable(IReadOnlyList<string?> values) => values[random.Next(values.Count)];

    /// <summary>
    /// A route value: hostile, sometimes a real id (<paramref name="real"/>), sometimes random printable ASCII. Never an
    /// encoded NUL, which Kestrel refuses before the app (a corpus case of its own).
    /// </summary>
    public string RouteValue(string real) => (random.Next(6) switch
    {
        0 => real,
        1 => real + Pick(RawValues),
        2 => new string('a', random.Next(100, 3000)),
        3 => RandomPrintable(random.Next(1, 40)),
        _ => Pick(RawValues) is { Length: > 0 } value ? value : "x",
    }).Replace("%00", "%01", StringComparison.Ordinal);

    /// <summary>A query string of one to five parameters, some repeated, names and values hostile.</summary>
    public string Query(string realId)
    {
        var parts = Enumerable.Range(0, random.Next(1, 6)).Select(_ =>
        {
            var name = random.Next(4) == 0 ? Pick(QueryNames.Skip(7).ToArray()) : Pick(QueryNames.Take(7).ToArray());
            var value = random.Next(8) == 0 ? realId : random.Next(8) == 0 ? RandomPrintable(random.Next(1, 30)) : Pick(RawValues);
            return random.Next(12) == 0 ? name : $"{name}={value}";
        });
        return "?" + string.Join(random.Next(10) == 0 ? ";" : "&", parts);
    }

    /// <summary>A JSON body: <paramref name="seed"/> with its values and names mutated, or bytes mutated, or random bytes.</summary>
    public (byte[] Body, string? ContentType) Json(JsonObject seed)
    {
        var contentType = PickNullable(JsonContentTypes);
        switch (random.Next(10))
        {
            case 0:
                return (RandomBytes(random.Next(0, 300)), contentType);
            case 1:
            case 2:
                return (MutateBytes(Encoding.UTF8.GetBytes(seed.ToJsonString())), contentType);
            default:
                return (Encoding.UTF8.GetBytes(MutateJson(seed)), contentType);
        }
    }

    /// <summary>A CSV upload: the generated leads mutated, as a raw body or as a multipart form.</summary>
    public (byte[] Body, string? ContentType) Csv()
    {
        var contentType = PickNullable(CsvContentTypes);
        var csv = Encoding.UTF8.GetBytes(MutateCsv(new LeadGenerator("Corpus").Csv(random.Next(1, 4))));
        if (random.Next(10) == 0)
        {
            csv = RandomBytes(random.Next(0, 500));
        }

        if (contentType == "multipart/form-data; boundary=fuzz")
        {
            var field = random.Next(5) == 0 ? "upload" : "file";
            var head = Encoding.UTF8.GetBytes($"--fuzz\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"leads.csv\"\r\nContent-Type: text/csv\r\n\r\n");
            var tail = random.Next(5) == 0 ? [] : "\r\n--fuzz--\r\n"u8.ToArray();
            return ([.. head, .. csv, .. tail], contentType);
        }

        return (csv, contentType);
    }

    private string MutateJson(JsonObject seed)
    {
        var text = seed.ToJsonString();
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            var literal = random.Next(7) switch
            {
                0 => "null",
                1 => random.Next(2) == 0 ? "1e400" : "-99999999999999999999",
                2 => "[" + string.Join(",", Enumerable.Repeat($"\"{Pick(JsonStrings)}\"", random.Next(0, 120))) + "]",
                3 => "{\"" + Pick(JsonStrings) + "\": " + (random.Next(2) == 0 ? "1" : "\"x\"") + "}",
                4 => "\"" + string.Concat(Enumerable.Repeat(Pick(JsonStrings), random.Next(1, 600))) + "\"",
                5 => random.Next(2) == 0 ? "true" : "101",
                _ => "\"" + Pick(JsonStrings) + "\"",
            };
            text = ReplaceOneValue(text, literal);
        }

        if (random.Next(4) == 0)
        {
            // A name that does not decode, or an unknown one, before the first field.
            text = "{\"" + Pick(JsonStrings) + "\": 1, " + text[1..];
        }

        return text;
    }

    /// <summary>Replaces the value after one of the document's colons (or an array item) with <paramref name="literal"/>.</summary>
    private string ReplaceOneValue(string json, string literal)
    {
        var colons = Enumerable.Range(0, json.Length).Where(i => json[i] == ':').ToList();
        if (colons.Count == 0)
        {
            return json;
        }

        var start = colons[random.Next(colons.Count)] + 1;
        var depth = 0;
        var inString = false;
        var end = start;
        for (; end < json.Length; end++)
        {
            var c = json[end];
            if (inString)
            {
                if (c == '\\')
                {
                    end++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '[' or '{')
            {
                depth++;
            }
            else if (c is ']' or '}')
            {
                if (depth == 0)
                {
                    break;
                }

                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                break;
            }
        }

        return json[..start] + literal + json[end..];
    }

    private string MutateCsv(string csv)
    {
        var text = new StringBuilder(csv);
        for (var i = random.Next(1, 6); i > 0; i--)
        {
            var at = random.Next(text.Length + 1);
            var insert = random.Next(8) switch
            {
                0 => "\"",
                1 => ",,,,",
                2 => "\n",
                3 => new string('\u00E9', random.Next(1, 5000)),
                4 => "\uFF1D1+1",
                5 => "\uFEFF",
                6 => ";",
                _ => RandomPrintable(random.Next(1, 20)),
            };
            text.Insert(at, insert);
        }

        return text.ToString();
    }

    private byte[] MutateBytes(byte[] bytes)
    {
        var list = bytes.ToList();
        for (var i = random.Next(1, 6); i > 0 && list.Count > 0; i--)
        {
            var at = random.Next(list.Count);
            switch (random.Next(4))
            {
                case 0:
                    list[at] = (byte)random.Next(256);
                    break;
                case 1:
                    list.RemoveRange(at, Math.Min(random.Next(1, 10), list.Count - at));
                    break;
                case 2:
                    list.InsertRange(at, RandomBytes(random.Next(1, 4)));
                    break;
                default:
                    list.RemoveRange(at, list.Count - at);
                    break;
            }
        }

        return [.. list];
    }

    private byte[] RandomBytes(int count)
    {
        var bytes = new byte[count];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Printable ASCII that is legal in a request target (no space, no '#', no '?', no '/').</summary>
    private string RandomPrintable(int length)
    {
        const string Alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&'()*+,;=:@%";
        return string.Concat(Enumerable.Range(0, length).Select(_ => Alphabet[random.Next(Alphabet.Length)]));
    }
}
