using System.Net;
using System.Text.Json.Nodes;
using AgentApp.Gateway.RedisStore;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace AgentApp.Tests.Gateway;

/// <summary>
/// What reaches the edge's availability middleware when Redis gives up on a command: the first Lua call to a just-started
/// Garnet once came back as a bare TaskCanceledException from StackExchange.Redis, and the client got a 500.
/// </summary>
public sealed class RedisUnavailableMiddlewareTests
{
    public static TheoryData<Exception> DependencyFailures() => new()
    {
        new TaskCanceledException("a Redis command was cancelled"),
        // A Redis that hangs: the first command to time out must already be an outage, not a 500.
        new RedisTimeoutException("Timeout awaiting response", CommandStatus.Sent),
        new RedisConnectionException(ConnectionFailureType.UnableToConnect, "No connection is available"),
    };

    [Theory]
    [MemberData(nameof(DependencyFailures))]
    public async Task A_redis_failure_timeout_or_a_cancellation_the_client_did_not_ask_for_is_a_503_with_retry_after(Exception failure)
    {
        var context = NewContext();
        var middleware = new RedisUnavailableMiddleware(_ => throw failure, NullLogger<RedisUnavailableMiddleware>.Instance);

        await middleware.InvokeAsync(context);

        Assert.Equal((int)HttpStatusCode.ServiceUnavailable, context.Response.StatusCode);
        Assert.Equal(RedisUnavailableMiddleware.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
            context.Response.Headers.RetryAfter.ToString());
        context.Response.Body.Position = 0;
        var problem = JsonNode.Parse(context.Response.Body)!;
        Assert.Equal(503, problem["status"]!.GetValue<int>());
    }

    [Fact]
    public async Task A_client_that_went_away_is_not_answered()
    {
        using var aborted = new CancellationTokenSource();
        var context = NewContext();
        context.RequestAborted = aborted.Token;
        await aborted.CancelAsync();
        var middleware = new RedisUnavailableMiddleware(_ => throw new TaskCanceledException("the client hung up"),
            NullLogger<RedisUnavailableMiddleware>.Instance);

        await Assert.ThrowsAsync<TaskCanceledException>(() => middleware.InvokeAsync(context));
        Assert.Equal(200, context.Response.StatusCode);
    }

    private static DefaultHttpContext NewContext()
    {
        var services = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider();
        return new DefaultHttpContext { RequestServices = services, Response = { Body = new MemoryStream() } };
    }
}
