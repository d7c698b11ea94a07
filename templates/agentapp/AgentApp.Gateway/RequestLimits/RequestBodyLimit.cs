using AgentApp.Gateway.Audit;
using AgentApp.Gateway.Forwarding;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace AgentApp.Gateway.RequestLimits;

/// <summary>
/// Refuses a declared body over <see cref="GatewayOptions.MaxRequestBodyBytes"/> with 413 ProblemDetails before
/// anything reads it; a chunked body is held to the same limit by the server while it is forwarded.
/// </summary>
public sealed class RequestBodyLimit(RequestDelegate next, IOptions<GatewayOptions> options)
{
    /// <summary>Checks the declared length and sets the server's limit for this request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        var max = options.Value.MaxRequestBodyBytes;
        if (context.Request.ContentLength > max)
        {
            var decision = EdgeDecision.Of(context);
            decision.Outcome = "rejected";
            decision.Reason = "body_too_large";
            await EdgeProblem.WriteAsync(context, StatusCodes.Status413PayloadTooLarge, "Request body too large", $"The limit is {max} bytes.");
            return;
        }

        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } feature)
        {
            feature.MaxRequestBodySize = max;
        }

        await next(context);
    }
}
