using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Extensions;

namespace LeadFunctions.Results;

/// <summary>Builds one page of results: reads one lead past the page to know whether a next page exists.</summary>
public sealed class LeadPager(LeadReader reader)
{
    public async Task<LeadPage> ReadPageAsync(LeadPageRequest page, HttpRequest request, CancellationToken ct)
    {
        var countTask = reader.CountAsync(page.Filter, ct);
        var items = new List<LeadEntity>(page.PageSize + 1);
        await foreach (var lead in reader.ReadAsync(page.Filter, page.After, page.PageSize + 1, ct))
        {
            items.Add(lead);
            if (items.Count > page.PageSize)
            {
                break;
            }
        }

        string? next = null;
        if (items.Count > page.PageSize)
        {
            items.RemoveAt(page.PageSize);
            next = NextUrl(request, LeadCursor.Encode(items[^1].RowKey, page.Filter));
        }

        return new LeadPage(await countTask, next, items.Select(LeadMapper.ToResponse).ToList());
    }

    /// <summary>The request's own URL with <c>cursor</c> set: the <c>next</c> of a page.</summary>
    public static string NextUrl(HttpRequest request, string cursor)
    {
        var query = new QueryBuilder(request.Query.Where(q => q.Key != "cursor")) { { "cursor", cursor } };
        return UriHelper.BuildAbsolute(request.Scheme, request.Host, request.PathBase, request.Path, query.ToQueryString());
    }
}

/// <summary>One page of leads: <c>{count, next, results}</c>, where <c>next</c> is a full URL or null.</summary>
public sealed record LeadPage(long Count, string? Next, IReadOnlyList<LeadResponse> Results);

/// <summary>A validated page request: filters, page size and where to resume (the last index key of the previous page).</summary>
public sealed record LeadPageRequest(LeadFilter Filter, int PageSize, string? After);
