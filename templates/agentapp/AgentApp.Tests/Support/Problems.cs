using System.Net;
using System.Text.Json.Nodes;

namespace AgentApp.Tests.Support;

/// <summary>Assertions on ProblemDetails responses.</summary>
public static class Problems
{
    /// <summary>Asserts a ProblemDetails answer with <paramref name="status"/> (and an error for <paramref name="field"/> when given); returns it.</summary>
    public static async Task<JsonObject> AssertAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal((int)status, problem["status"]!.GetValue<int>());
        Assert.DoesNotContain("   at ", body); // never a stack trace
        if (field is not null)
        {
            var errors = problem["errors"]?.AsObject();
            Assert.True(errors?.ContainsKey(field) == true, $"no error for '{field}' in {body}");
        }

        return problem;
    }

    /// <summary>
    /// Asserts OpenAI's error shape, <c>{"error":{"message","type","param","code"}}</c>, with <paramref name="status"/> (and
    /// <c>param</c> = <paramref name="field"/> when given); returns the error object.
    /// </summary>
    public static async Task<JsonObject> AssertOpenAIErrorAsync(HttpResponseMessage response, HttpStatusCode status, string? field = null)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == status, $"expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var error = JsonNode.Parse(body)!["error"]!.AsObject();
        Assert.False(string.IsNullOrWhiteSpace(error["message"]!.GetValue<string>()), body);
        Assert.False(string.IsNullOrWhiteSpace(error["type"]!.GetValue<string>()), body);
        Assert.True(error.ContainsKey("param") && error.ContainsKey("code"), body);
        Assert.DoesNotContain("   at ", body);
        if (field is not null)
        {
            Assert.Equal(field, error["param"]?.GetValue<string>());
        }

        return error;
    }

    /// <summary>Reads a JSON body after asserting 200.</summary>
    public static async Task<JsonObject> OkJsonAsync(HttpResponseMessage response)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"expected 200, got {(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }
}
