using System.Diagnostics;
using System.Net;

namespace AgentApp.Tests.Gateway;

/// <summary>Redis stops mid-test: the gateway answers 503 with Retry-After quickly, /health says so, and it recovers.</summary>
[Collection(EdgeCollection.Name)]
public sealed class RedisOutageTests(EdgeFixture fixture)
{
    private const string Key = "outage-key-0123456789abcdef";

    [Theory]
    [InlineData(RedisServerKind.Garnet)]
    [OnRealRedis]
    public async Task With_redis_down_requests_get_a_quick_503_with_retry_after_health_is_degraded_and_service_resumes_when_it_returns(RedisServerKind server)
    {
        var redis = RedisTestServers.Start(server);
        var port = redis.Port;
        using var gateway = GatewayOn(redis);
        using var client = gateway.CreateClient();
        try
        {
            await AssertServedAsync(client);

            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health")).StatusCode);

            redis.Dispose();

            // Every answer while it goes down is a 200 (not yet noticed) or a 503 — never a 500 — and none waits long.
            HttpResponseMessage? refused = null;
            await Poll.UntilAsync(async () =>
            {
                var (response, elapsed) = await SendAsync(client, "/v1/conversations/c2");
                Assert.True(elapsed < TimeSpan.FromSeconds(5), $"took {elapsed}");
                Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"{response.StatusCode}: {string.Join('\n', gateway.Errors)}");
                refused = response.StatusCode == HttpStatusCode.ServiceUnavailable ? response : null;
                return refused is not null;
            }, "a 503 after Redis stopped");

            var problem = await Problems.AssertAsync(refused!, HttpStatusCode.ServiceUnavailable);
            Assert.Contains("rate-limit store", problem["detail"]!.GetValue<string>());
            Assert.Equal(TimeSpan.FromSeconds(5), refused!.Headers.RetryAfter?.Delta);

            using var stream = await SendAsync(client, "/v1/chat", streaming: true);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, stream.Response.StatusCode);
            Assert.True(stream.Elapsed < TimeSpan.FromSeconds(5), $"took {stream.Elapsed}");
            // Degraded, not unready: the pod stays in the load balancer and answers 503 only for what needs Redis.
            await Poll.UntilAsync(async () =>
            {
                using var health = await client.GetAsync("/health");
                Assert.Equal(HttpStatusCode.OK, health.StatusCode);
                return await health.Content.ReadAsStringAsync() == "Degraded";
            }, "/health to report Redis down as Degraded");
            Assert.Contains(gateway.AuditEvents, e => e.Contains("unavailable redis_unreachable"));

            redis = redis.StartAgain();
            await Poll.UntilAsync(async () => (await SendAsync(client, "/v1/conversations/c3")).Response.StatusCode == HttpStatusCode.OK,
                "requests to succeed once Redis is back", TimeSpan.FromSeconds(60));
        }
        finally
        {
            redis.Dispose();
        }

        await Poll.UntilAsync(() => !Listening(port), "the server to stop listening");
    }

    /// <summary>
    /// A server that hangs (connections open, no replies) is an outage from the first timed-out command: 503 with
    /// Retry-After within the command timeout (2 s) plus margin, never a hung request, and service resumes when it answers
    /// again. Real Redis only: freezing a server means stopping its process, and Garnet runs inside the test process.
    /// </summary>
    [Theory]
    [OnRealRedis]
    public async Task With_redis_hung_requests_get_a_503_with_retry_after_within_the_command_timeout_and_resume_when_it_answers(RedisServerKind server)
    {
        var redis = (RedisServerProcess)RedisTestServers.Start(server);
        using var gateway = GatewayOn(redis);
        using var client = gateway.CreateClient();
        try
        {
            await AssertServedAsync(client);

            await redis.FreezeAsync();
            using (var hung = await SendAsync(client, "/v1/conversations/h2"))
            {
                Assert.True(hung.Elapsed < TimeSpan.FromSeconds(5), $"took {hung.Elapsed}");
                var problem = await Problems.AssertAsync(hung.Response, HttpStatusCode.ServiceUnavailable);
                Assert.Contains("rate-limit store", problem["detail"]!.GetValue<string>());
                Assert.NotNull(hung.Response.Headers.RetryAfter?.Delta);
            }

            await redis.ResumeAsync();
            await Poll.UntilAsync(async () =>
            {
                using var after = await SendAsync(client, "/v1/conversations/h3");
                return after.Response.StatusCode == HttpStatusCode.OK;
            }, "requests to succeed once Redis answers again", TimeSpan.FromSeconds(60));
        }
        finally
        {
            await redis.ResumeAsync();
            redis.Dispose();
        }
    }

    // A gateway on its own server, with a key of a tenant no other test uses.
    private GatewayInstance GatewayOn(IRedisTestServer redis)
    {
        var settings = fixture.Settings(EdgeFixture.Key("k", Key, EdgeFixture.NewTenant("outage"), ["chat", "conversations"]));
        settings["ConnectionStrings:cache"] = redis.ConnectionString;
        return new GatewayInstance(settings);
    }

    private static async Task AssertServedAsync(HttpClient client)
    {
        using var served = await SendAsync(client, "/v1/conversations/before");
        Assert.Equal(HttpStatusCode.OK, served.Response.StatusCode);
    }

    private static bool Listening(int port)
    {
        try
        {
            using var probe = new System.Net.Sockets.TcpClient();
            probe.Connect(IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }

    private static async Task<Timed> SendAsync(HttpClient client, string path, bool streaming = false)
    {
        using var request = new HttpRequestMessage(streaming ? HttpMethod.Post : HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", Key);
        if (streaming)
        {
            request.Headers.Add("Accept", "text/event-stream");
            request.Content = new StringContent("{}");
        }

        var clock = Stopwatch.StartNew();
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return new Timed(response, clock.Elapsed);
    }

    private sealed record Timed(HttpResponseMessage Response, TimeSpan Elapsed) : IDisposable
    {
        public void Dispose() => Response.Dispose();
    }
}
