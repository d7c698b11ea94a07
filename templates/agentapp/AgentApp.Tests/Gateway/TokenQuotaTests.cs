using System.Net;

namespace AgentApp.Tests.Gateway;

/// <summary>Token budgets: checked before forwarding, debited from what the api reports, shared by replicas.</summary>
[Collection(EdgeCollection.Name)]
public sealed class TokenQuotaTests(EdgeFixture fixture)
{
    private const string Key = "quota-key-0123456789abcdef";

    private static HttpRequestMessage Chat(long usage, bool stream = false)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat") { Content = new StringContent("{}") };
        request.Headers.Add("X-Api-Key", Key);
        request.Headers.Add("X-Test-Usage", $"{usage}");
        if (stream) request.Headers.Add("Accept", "text/event-stream");
        return request;
    }

    [Theory]
    [InlineData(RedisServerKind.Garnet)]
    [OnRealRedis]
    public async Task Reported_usage_spends_the_daily_budget_then_429_until_midnight(RedisServerKind server)
    {
        var tenant = EdgeFixture.NewTenant("day");
        var settings = fixture.SettingsOn(server, [.. EdgeFixture.Key("k", Key, tenant, ["chat"]), ($"Tenants:{tenant}:TokensPerDay", "100")]);
        using var a = new GatewayInstance(settings, StoppedClock.MidMinute);
        using var b = new GatewayInstance(settings, StoppedClock.MidMinute);
        using var clientA = a.CreateClient();
        using var clientB = b.CreateClient();

        using var first = await clientA.SendAsync(Chat(60));
        using var second = await clientB.SendAsync(Chat(60));   // 60 < 100 when checked: allowed, then overspent
        using var third = await clientA.SendAsync(Chat(1));

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("60", first.Headers.GetValues("X-Usage-Total-Tokens").Single());
        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal(HttpStatusCode.TooManyRequests, third.StatusCode);
        Assert.Contains("tokens per day", await third.Content.ReadAsStringAsync());
        Assert.Equal(TimeSpan.FromHours(12) - TimeSpan.FromSeconds(30), third.Headers.RetryAfter!.Delta);   // until 00:00 UTC
        Assert.Equal("100", third.Headers.GetValues("RateLimit-Limit").Single());
    }

    [Theory]
    [InlineData(RedisServerKind.Garnet)]
    [OnRealRedis]
    public async Task A_spent_budget_refuses_new_work_but_never_reading_or_cancelling_a_task(RedisServerKind server)
    {
        var tenant = EdgeFixture.NewTenant("reads");
        using var gateway = new GatewayInstance(fixture.SettingsOn(server,
            [.. EdgeFixture.Key("k", Key, tenant, ["chat", "tasks"]), ($"Tenants:{tenant}:TokensPerMinute", "10")]), StoppedClock.MidMinute);
        using var client = gateway.CreateClient();
        using var spend = await client.SendAsync(Chat(10));
        Assert.Equal(HttpStatusCode.OK, spend.StatusCode);

        using var submit = await client.SendAsync(Tasks(HttpMethod.Post, "/v1/tasks"));
        using var read = await client.SendAsync(Tasks(HttpMethod.Get, "/v1/tasks/t1"));
        using var cancel = await client.SendAsync(Tasks(HttpMethod.Post, "/v1/tasks/t1/cancel"));

        Assert.Equal(HttpStatusCode.TooManyRequests, submit.StatusCode);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
    }

    [Theory]
    [InlineData(RedisServerKind.Garnet)]
    [OnRealRedis]
    public async Task Tokens_the_worker_debits_for_a_task_spend_the_budget_the_gateway_checks_and_reads_and_cancels_still_pass(RedisServerKind server)
    {
        var tenant = EdgeFixture.NewTenant("worker");
        using var gateway = new GatewayInstance(fixture.SettingsOn(server,
            [.. EdgeFixture.Key("k", Key, tenant, ["tasks"]), ($"Tenants:{tenant}:TokensPerMinute", "100")]), StoppedClock.MidMinute);
        using var client = gateway.CreateClient();
        using var redis = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync(fixture.Server(server).ConnectionString);

        // What the worker does after each model call of a task (TaskTokenDebit): the shared ledger, the same keys.
        await new AgentApp.Quotas.TokenLedger(redis, StoppedClock.MidMinute).DebitAsync(tenant, 100);

        using var submit = await client.SendAsync(Tasks(HttpMethod.Post, "/v1/tasks"));
        using var read = await client.SendAsync(Tasks(HttpMethod.Get, "/v1/tasks/t1"));
        using var cancel = await client.SendAsync(Tasks(HttpMethod.Post, "/v1/tasks/t1/cancel"));
        Assert.Equal(HttpStatusCode.TooManyRequests, submit.StatusCode);
        Assert.Contains("tokens per minute", await submit.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.Equal(HttpStatusCode.OK, cancel.StatusCode);
        // The request rate still applies to them, and says so.
        Assert.Equal("300", read.Headers.GetValues("RateLimit-Limit").Single());
        Assert.Equal("300", cancel.Headers.GetValues("RateLimit-Limit").Single());
    }

    private static HttpRequestMessage Tasks(HttpMethod method, string path)
    {
        var request = new HttpRequestMessage(method, path) { Content = method == HttpMethod.Post ? new StringContent("{}") : null };
        request.Headers.Add("X-Api-Key", Key);
        return request;
    }

    [Theory]
    [InlineData(RedisServerKind.Garnet)]
    [OnRealRedis]
    public async Task A_streamed_usage_event_is_debited_and_the_stream_arrives_whole(RedisServerKind server)
    {
        var tenant = EdgeFixture.NewTenant("minute");
        using var gateway = new GatewayInstance(fixture.SettingsOn(server, 
            [.. EdgeFixture.Key("k", Key, tenant, ["chat"]), ($"Tenants:{tenant}:TokensPerMinute", "50")]), StoppedClock.MidMinute);
        using var client = gateway.CreateClient();

        using var stream = await client.SendAsync(Chat(50, stream: true));
        var body = await stream.Content.ReadAsStringAsync();
        using var next = await client.SendAsync(Chat(1));

        Assert.Equal(HttpStatusCode.OK, stream.StatusCode);
        Assert.Equal("text/event-stream", stream.Content.Headers.ContentType?.MediaType);
        Assert.Contains("event: usage\r\ndata: {\"inputTokens\":25,\"outputTokens\":25,\"totalTokens\":50}", body);
        Assert.EndsWith("event: done\ndata: {}\n\n", body);
        Assert.Equal(HttpStatusCode.TooManyRequests, next.StatusCode);
        Assert.Contains("tokens per minute", await next.Content.ReadAsStringAsync());
        Assert.Equal(TimeSpan.FromSeconds(30), next.Headers.RetryAfter!.Delta);   // until the next minute
    }
}
