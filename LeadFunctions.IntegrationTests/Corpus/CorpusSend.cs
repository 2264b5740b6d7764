using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
namespace LeadFunctions.IntegrationTests.Corpus;

/// <summary>The ways the corpus delivers an input: HTTP routes with any body and content type, or a file dropped into storage.</summary>
public static class CorpusSend
{
    private static readonly TimeSpan DropPickupTimeout = TimeSpan.FromMinutes(2);

    public static string FilePath(string name) => Path.Combine(AppContext.BaseDirectory, "Corpus", "files", name);

    public static HttpContent File(string name, string? contentType = "text/csv")
    {
        var content = new ByteArrayContent(System.IO.File.ReadAllBytes(FilePath(name)));
        content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    /// <summary>A body produced while it is sent (chunked, no Content-Length).</summary>
    public static HttpContent Generated(IEnumerable<ReadOnlyMemory<byte>> pieces, string contentType = "text/csv")
    {
        var content = new StreamContent(new LazyAsyncStream(pieces));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    public static HttpContent Text(string body, string? contentType) => Bytes(Encoding.UTF8.GetBytes(body), contentType);

    public static HttpContent Bytes(byte[] body, string? contentType)
    {
        var content = new ByteArrayContent(body);
        content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
        return content;
    }

    /// <summary>The original API's form upload: the CSV in a <c>file</c> part named <c>leads.csv</c>.</summary>
    public static HttpContent Multipart(HttpContent file, string field = "file")
    {
        var form = new MultipartFormDataContent();
        form.Add(file, field, "leads.csv");
        return form;
    }

    public static Func<CorpusContext, Task<CorpusReply>> Upload(Func<HttpContent> content) =>
        async c => await CorpusReply.FromAsync(await c.Http.PostAsync($"/api/leads/upload?offer_id={c.OfferId}", content()));

    public static Func<CorpusContext, Task<CorpusReply>> Post(string route, Func<HttpContent> content) =>
        async c => await CorpusReply.FromAsync(await c.Http.PostAsync(route, content()));

    /// <summary>PUT to a route of the context's offer: <c>{offer}</c> in <paramref name="route"/> is its id.</summary>
    public static Func<CorpusContext, Task<CorpusReply>> Put(string route, Func<HttpContent> content) =>
        async c => await CorpusReply.FromAsync(await c.Http.PutAsync(route.Replace("{offer}", c.OfferId, StringComparison.Ordinal), content()));

    public static Func<CorpusContext, Task<CorpusReply>> Get(string route) =>
        async c => await CorpusReply.FromAsync(await c.Http.GetAsync(route));

    /// <summary>A request with extra headers, as a browser adds them (<c>Origin</c>, <c>Sec-Fetch-Site</c>); <c>{offer}</c> is the context's offer id.</summary>
    public static Func<CorpusContext, Task<CorpusReply>> Send(HttpMethod method, string route, Func<HttpContent?> content, params (string Name, string Value)[] headers) =>
        async c =>
        {
            using var request = new HttpRequestMessage(method, route.Replace("{offer}", c.OfferId, StringComparison.Ordinal)) { Content = content() };
            foreach (var (name, value) in headers)
            {
                request.Headers.TryAddWithoutValidation(name, value);
            }

            return await CorpusReply.FromAsync(await c.Http.SendAsync(request));
        };

    /// <summary>
    /// A GET whose request target is sent byte for byte (<c>{offer}</c> is the context's offer id): <see cref="Uri"/> would
    /// re-escape an invalid percent-encoding such as <c>%ZZ</c> before it leaves.
    /// </summary>
    public static Func<CorpusContext, Task<CorpusReply>> RawGet(string target) => c => RawHttp.SendAsync(
        c.Http.BaseAddress!,
        $"""
        GET {target.Replace("{offer}", c.OfferId, StringComparison.Ordinal)} HTTP/1.1
        Host: {c.Http.BaseAddress!.Authority}
        Connection: close

        """,
        [],
        closeAfterBody: false,
        TimeSpan.FromSeconds(60));

    /// <summary>Writes the file into the uploads container under the offer, as any storage client may, and waits for its batch.</summary>
    public static Func<CorpusContext, Task<CorpusReply>> Drop(Func<Stream> file) => async c =>
    {
        await c.Names.Uploads().GetBlobClient($"{c.OfferId}/hostile.csv").UploadAsync(file());
        JsonArray batches = [];
        await Eventually.TrueAsync(
            async () => (batches = JsonNode.Parse(await c.Http.GetStringAsync($"/api/batches?offer_id={c.OfferId}"))!["results"]!.AsArray()).Count > 0,
            DropPickupTimeout,
            LeadApi.PollInterval,
            () => "a batch for the dropped file");
        return CorpusReply.Dropped(batches[0]!["batch_id"]!.GetValue<string>());
    };

    /// <summary>
    /// A request to <paramref name="route"/> (<c>{offer}</c> is the context's offer id) whose <c>Content-Length</c>
    /// promises <paramref name="declaredLength"/> bytes while only <paramref name="body"/> follows.
    /// </summary>
    public static Func<CorpusContext, Task<CorpusReply>> ShortBody(string route, string contentType, byte[] body, long declaredLength, bool closeAfterBody) => c =>
    {
        var head = $"""
            POST {route.Replace("{offer}", c.OfferId, StringComparison.Ordinal)} HTTP/1.1
            Host: {c.Http.BaseAddress!.Authority}
            Content-Type: {contentType}
            Content-Length: {declaredLength}

            """;
        return RawHttp.SendAsync(c.Http.BaseAddress, head, body, closeAfterBody, TimeSpan.FromSeconds(60));
    };
}
