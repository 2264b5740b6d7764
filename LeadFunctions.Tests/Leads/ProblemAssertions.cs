using System.Net;
using System.Text.Json.Nodes;

namespace LeadFunctions.Tests.Leads;

/// <summary>Checks of the API's RFC 9457 answers.</summary>
public static class ProblemAssertions
{
    /// <summary>A 400 <c>application/problem+json</c> with title and status, and <c>errors</c> naming each of <paramref name="fields"/>.</summary>
    public static async Task<JsonObject> AssertValidationProblemAsync(HttpResponseMessage response, params string[] fields)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: {(int)response.StatusCode} {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal(400, problem["status"]!.GetValue<int>());
        Assert.NotNull(problem["title"]);
        foreach (var field in fields)
        {
            Assert.True(problem["errors"]?[field] is JsonArray { Count: > 0 }, $"no errors.{field} in {text}");
        }

        return problem;
    }
}
