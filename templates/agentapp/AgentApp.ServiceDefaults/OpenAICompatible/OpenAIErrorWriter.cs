using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Writes every ProblemDetails answer on the OpenAI-compatible routes in OpenAI's own error shape,
/// <c>{"error":{"message","type","param","code"}}</c>: the OpenAI SDKs read that shape and put the message in the
/// exception they raise; a ProblemDetails body leaves them with only "Service request failed". Both the gateway (its
/// refusals) and the api (validation, model failures) answer on these paths.
/// </summary>
public sealed class OpenAIErrorWriter : IProblemDetailsWriter
{
    /// <summary>The paths answered in OpenAI's shape.</summary>
    public static readonly string[] Paths = ["/v1/chat/completions", "/v1/models"];

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    /// <summary>Whether <paramref name="request"/> is on an OpenAI-compatible path.</summary>
    public static bool Applies(HttpRequest request) =>
        Paths.Any(path => request.Path.StartsWithSegments(path, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public bool CanWrite(ProblemDetailsContext context) => Applies(context.HttpContext.Request);

    /// <inheritdoc />
    public ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        var error = new OpenAIError(
            problem.Detail ?? problem.Title ?? "The request failed.",
            TypeOf(status),
            ParamOf(problem),
            CodeOf(problem, status));
        var response = context.HttpContext.Response;
        response.ContentType = "application/json";
        return new ValueTask(JsonSerializer.SerializeAsync(response.Body, new OpenAIErrorBody(error), s_json,
            context.HttpContext.RequestAborted));
    }

    /// <summary>OpenAI's error types by status.</summary>
    public static string TypeOf(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => "authentication_error",
        StatusCodes.Status403Forbidden => "permission_error",
        StatusCodes.Status404NotFound => "not_found_error",
        StatusCodes.Status429TooManyRequests => "rate_limit_error",
        >= 500 => "server_error",
        _ => "invalid_request_error",
    };

    // The field a 400 names: ValidationProblem's errors, or the "errors" extension of a binding failure.
    private static string? ParamOf(ProblemDetails problem) =>
        problem is HttpValidationProblemDetails { Errors.Count: > 0 } validation ? validation.Errors.Keys.First()
        : problem.Extensions.TryGetValue("errors", out var errors) && errors is IDictionary<string, string[]> { Count: > 0 } fields
            ? fields.Keys.First()
            : null;

    // A refusal's rule (a guardrail's "rule" extension) is its code, so a client can tell which limit it hit.
    private static string? CodeOf(ProblemDetails problem, int status) =>
        problem.Extensions.TryGetValue("code", out var code) && code is string text ? text
        : problem.Extensions.TryGetValue("rule", out var rule) && rule is string ruleName ? ruleName
        : status == StatusCodes.Status429TooManyRequests ? "rate_limit_exceeded"
        : null;

    /// <summary>OpenAI's error object.</summary>
    public sealed record OpenAIError(
        [property: JsonPropertyName("message")] string Message,
        [property: JsonPropertyName("type")] string Type,
        [property: JsonPropertyName("param")] string? Param,
        [property: JsonPropertyName("code")] string? Code);

    /// <summary>The body: <c>{"error": …}</c>.</summary>
    public sealed record OpenAIErrorBody([property: JsonPropertyName("error")] OpenAIError Error);
}

/// <summary>Registers <see cref="OpenAIErrorWriter"/>.</summary>
public static class OpenAIErrorWriterExtensions
{
    /// <summary>
    /// Puts <see cref="OpenAIErrorWriter"/> first among the ProblemDetails writers (the service asks them in order), so
    /// every error on the OpenAI-compatible paths (from endpoints, the exception handler, status-code pages) has
    /// OpenAI's shape whatever registered ProblemDetails before.
    /// </summary>
    public static IServiceCollection AddOpenAIErrorShape(this IServiceCollection services)
    {
        if (!services.Any(d => d.ImplementationType == typeof(OpenAIErrorWriter)))
        {
            services.Insert(0, ServiceDescriptor.Singleton<IProblemDetailsWriter, OpenAIErrorWriter>());
        }

        return services;
    }
}
