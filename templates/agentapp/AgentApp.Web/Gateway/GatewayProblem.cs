using System.Net;
using System.Text.Json;

namespace AgentApp.Web.Gateway;

/// <summary>A ProblemDetails answer from the gateway or the api, as the console shows it.</summary>
/// <param name="Status">The HTTP status.</param>
/// <param name="Title">What went wrong.</param>
/// <param name="Detail">What to do about it, when the service said.</param>
public sealed record GatewayProblem(int Status, string Title, string? Detail)
{
    /// <summary>One line for the page: title and detail.</summary>
    public override string ToString() => Detail is { Length: > 0 } detail ? $"{Title} {detail}" : Title;

    /// <summary>Reads the problem from a failed response, whatever its shape.</summary>
    public static async Task<GatewayProblem> ReadAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        var status = (int)response.StatusCode;
        var fallback = response.StatusCode switch
        {
            HttpStatusCode.Unauthorized => "You are not signed in, or your sign-in expired: reload the page to sign in again.",
            HttpStatusCode.Forbidden => "Your sign-in does not allow this.",
            HttpStatusCode.TooManyRequests => "Too many requests: wait a moment and try again.",
            _ => $"The gateway answered {status} {response.ReasonPhrase}.",
        };
        try
        {
            using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
            var title = json.RootElement.TryGetProperty("title", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            var detail = json.RootElement.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String ? d.GetString() : null;
            return new GatewayProblem(status, title ?? fallback, detail);
        }
        catch (JsonException)
        {
            return new GatewayProblem(status, fallback, null);
        }
    }
}

/// <summary>Thrown when the gateway refuses a call; the page shows <see cref="Problem"/>.</summary>
public sealed class GatewayProblemException(GatewayProblem problem) : Exception(problem.ToString())
{
    /// <summary>The problem as the service described it.</summary>
    public GatewayProblem Problem { get; } = problem;
}
