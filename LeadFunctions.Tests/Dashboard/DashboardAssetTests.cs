using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace LeadFunctions.Tests.Dashboard;

/// <summary>The dashboard's files as its two functions serve them: self-contained, under a strict policy.</summary>
public sealed partial class DashboardAssetTests
{
    /// <summary>The one URL-looking string the script holds: the SVG namespace, an identifier that is never fetched.</summary>
    private const string SvgNamespace = "http://www.w3.org/2000/svg";

    [Fact]
    public void The_page_is_html_under_a_policy_that_allows_only_its_own_origin_and_no_inline_code()
    {
        var (result, headers) = Run(request => new DashboardFunction().Run(request));

        var file = Assert.IsType<FileContentResult>(result);
        Assert.Equal("text/html; charset=utf-8", file.ContentType);
        var policy = headers.ContentSecurityPolicy.ToString();
        Assert.StartsWith("default-src 'none';", policy);
        Assert.Contains("script-src 'self';", policy);
        Assert.Contains("connect-src 'self';", policy);
        Assert.DoesNotContain("unsafe", policy);
        Assert.DoesNotContain("*", policy);
        Assert.Equal("nosniff", headers.XContentTypeOptions.ToString());

        var html = Encoding.UTF8.GetString(file.FileContents);
        Assert.DoesNotContain("<script>", html); // no inline script: only <script src="/api/dashboard/app.js">
        Assert.DoesNotContain("style=", html);
        Assert.Equal(["/api/dashboard/app.css", "/api/dashboard/app.js"], LinkedUrls().Matches(html).Select(m => m.Groups[1].Value).Order());
    }

    [Theory]
    [InlineData("app.js", "text/javascript; charset=utf-8")]
    [InlineData("app.css", "text/css; charset=utf-8")]
    public void Script_and_style_are_served_with_their_types_and_a_revalidating_etag(string name, string contentType)
    {
        var (result, headers) = Run(request => new DashboardAssetFunction().Run(request, name));
        var file = Assert.IsType<FileContentResult>(result);
        Assert.Equal(contentType, file.ContentType);
        Assert.True(file.FileContents.Length > 1000);

        var (again, _) = Run(request => new DashboardAssetFunction().Run(request, name), ifNoneMatch: headers.ETag.ToString());

        Assert.Equal(StatusCodes.Status304NotModified, Assert.IsType<StatusCodeResult>(again).StatusCode);
    }

    [Theory]
    [InlineData("index.html")]
    [InlineData("app.JS")]
    [InlineData("..%2Fappsettings.json")]
    [InlineData("LeadFunctions.dll")]
    public void Any_other_name_is_a_404_problem(string name)
    {
        var (result, _) = Run(request => new DashboardAssetFunction().Run(request, name));

        Assert.Equal(StatusCodes.Status404NotFound, Assert.IsType<ObjectResult>(result).StatusCode);
    }

    [Fact]
    public void No_file_of_the_page_names_another_origin_or_hands_text_to_the_html_parser()
    {
        foreach (var name in new[] { "app.js", "app.css" })
        {
            var text = Encoding.UTF8.GetString(DashboardAssets.Find(name)!.Content);
            Assert.Empty(Urls().Matches(text.Replace(SvgNamespace, "", StringComparison.Ordinal)).Select(m => m.Value));
            Assert.DoesNotContain("innerHTML", text);
            Assert.DoesNotContain("insertAdjacentHTML", text);
            Assert.DoesNotContain("eval(", text);
            Assert.DoesNotContain("@import", text);
        }

        Assert.Empty(Urls().Matches(Encoding.UTF8.GetString(DashboardAssets.Page.Content)).Select(m => m.Value));
    }

    private static (IActionResult Result, IHeaderDictionary Headers) Run(Func<HttpRequest, IActionResult> function, string? ifNoneMatch = null)
    {
        var context = new DefaultHttpContext();
        context.Request.Method = "GET";
        if (ifNoneMatch is not null)
        {
            context.Request.Headers.IfNoneMatch = ifNoneMatch;
        }

        return (function(context.Request), context.Response.Headers);
    }

    [GeneratedRegex(@"(?:src|href)=""([^""]+)""")]
    private static partial Regex LinkedUrls();

    [GeneratedRegex(@"(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}|url\(")]
    private static partial Regex Urls();
}
