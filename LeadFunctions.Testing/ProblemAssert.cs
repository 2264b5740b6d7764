using System.Net;
using System.Text.Json.Nodes;

namespace LeadFunctions.Testing;

/// <summary>Assertions on RFC 9457 problem responses (<c>application/problem+json</c>).</summary>
public static class ProblemAssert
{
    /// <summary>Asserts a problem response with <paramref name="status"/> and returns its body.</summary>
    public static async Task<JsonObject> IsAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {text}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(text)!.AsObject();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrWhiteSpace(problem["title"]?.GetValue<string>()));
        return problem;
    }

    /// <summary>Asserts a 400 validation problem whose <c>errors</c> has messages for each of <paramref name="fields"/>; returns the body.</summary>
    public static async Task<JsonObject> IsValidationAsync(HttpResponseMessage response, string field, params string[] fields)
    {
        var problem = await IsAsync(response, HttpStatusCode.BadRequest);
        foreach (var name in fields.Prepend(field))
        {
            var messages = problem["errors"]?[name]?.AsArray();
            Assert.True(messages is { Count: > 0 }, $"{response.RequestMessage?.Method} {response.RequestMessage?.RequestUri}: errors has no '{name}': {problem.ToJsonString()}");
            Assert.All(messages, m => Assert.False(string.IsNullOrWhiteSpace(m?.GetValue<string>())));
        }

        return problem;
    }
}
