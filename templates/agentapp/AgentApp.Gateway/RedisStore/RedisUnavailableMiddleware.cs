using AgentApp.Gateway.Audit;
using StackExchange.Redis;

namespace AgentApp.Gateway.RedisStore;

/// <summary>
/// Rate limits and quotas live in Redis; without it the edge cannot decide, so it refuses rather than forwarding
/// unlimited traffic: 503 ProblemDetails with <c>Retry-After</c>, not a 500. The client connection fails fast
/// (<see cref="RedisClientDefaults"/>), so the answer comes at once, not after a hang. Runs inside the audit middleware,
/// so the audit event records the refusal.
/// </summary>
public sealed partial class RedisUnavailableMiddleware(RequestDelegate next, ILogger<RedisUnavailableMiddleware> logger)
{
    /// <summary>Seconds a client is asked to wait: about one reconnect attempt.</summary>
    public const int RetryAfterSeconds = 5;

    /// <summary>Runs the request; turns a Redis failure into 503 while the response can still be changed.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        try
        {
            await next(context);
        }
        catch (Exception ex) when (IsDependencyFailure(ex, context) && !context.Response.HasStarted)
        {
            LogUnavailable(logger, ex.GetType().Name);
            var decision = EdgeDecision.Of(context);
            decision.Outcome = "unavailable";
            decision.Reason = "redis_unreachable";
            context.Response.Clear();
            context.Response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
            await EdgeProblem.WriteAsync(context, StatusCodes.Status503ServiceUnavailable, "Service unavailable",
                "The gateway cannot reach its rate-limit store; try again shortly.");
        }
    }

    /// <summary>
    /// A Redis error; a Redis timeout (<see cref="RedisTimeoutException"/> is a <see cref="TimeoutException"/>, not a
    /// <see cref="RedisException"/>: a Redis that hangs rather than refuses gave 500s until the connection dropped); or
    /// a cancellation the client did not ask for: StackExchange.Redis cancels a command it gave up on (seen on the first
    /// Lua call to a just-started server), and the rate limiter lets that escape as is.
    /// </summary>
    private static bool IsDependencyFailure(Exception? exception, HttpContext context)
    {
        for (; exception is not null; exception = exception.InnerException)
        {
            if (exception is RedisException or TimeoutException || (exception is OperationCanceledException && !context.RequestAborted.IsCancellationRequested))
            {
                return true;
            }
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis is unreachable ({Error}): answering 503")]
    private static partial void LogUnavailable(ILogger logger, string error);
}
