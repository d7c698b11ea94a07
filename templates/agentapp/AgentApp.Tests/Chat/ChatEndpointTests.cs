using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using AgentApp.Api.Http;

namespace AgentApp.Tests.Chat;

/// <summary><c>POST /v1/chat</c> over HTTP, with no sidecar (memory off): answers, streams, usage, and every bad input.</summary>
public sealed class ChatEndpointTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Streams_tool_call_tool_result_several_deltas_usage_and_one_done_for_what_time_is_it()
    {
        using var client = factory.CreateClient();

        using var response = await client.SendAsync(StreamRequest("what time is it?"), HttpCompletionOption.ResponseHeadersRead);
        var events = await ServerSentEvents.ReadAllAsync(response);

        var types = events.Select(e => e.Type).ToList();
        Assert.Equal("tool_call", types[0]);
        Assert.Equal("tool_result", types[1]);
        Assert.True(types.Count(t => t == "delta") >= 2, string.Join(", ", types));
        Assert.All(types.Skip(2).SkipLast(2), t => Assert.Equal("delta", t));
        Assert.Equal(["usage", "done"], types.TakeLast(2));
        Assert.Single(types, t => t == "done");

        Assert.Equal("get_current_time", events[0].Json["name"]!.GetValue<string>());
        Assert.Equal(events[0].Json["callId"]!.GetValue<string>(), events[1].Json["callId"]!.GetValue<string>());
        var done = events[^1].Json;
        var reply = string.Concat(events.Where(e => e.Type == "delta").Select(e => e.Json["text"]!.GetValue<string>()));
        Assert.Equal(reply, done["reply"]!.GetValue<string>());
        Assert.Equal("get_current_time", done["toolCalls"]![0]!["name"]!.GetValue<string>());
        Assert.False(string.IsNullOrEmpty(done["conversationId"]!.GetValue<string>()));
        Assert.Equal(events[^2].Json["totalTokens"]!.GetValue<long>(), done["usage"]!["totalTokens"]!.GetValue<long>());
        Assert.True(done["usage"]!["totalTokens"]!.GetValue<long>() > 0);
    }

    [Fact]
    public async Task A_chat_turn_does_not_run_a_tool_that_needs_approval_and_says_to_submit_a_task()
    {
        using var client = factory.CreateClient();
        var outbox = Microsoft.Extensions.DependencyInjection.ServiceProviderServiceExtensions
            .GetRequiredService<AgentApp.Agent.Tools.EmailOutbox>(factory.Services);

        var body = await Problems.OkJsonAsync(await client.PostAsJsonAsync("/v1/chat", new { message = "send an email to ana@example.com saying hi" }));
        using var response = await client.SendAsync(StreamRequest("send an email to ana@example.com saying hi"), HttpCompletionOption.ResponseHeadersRead);
        var events = await ServerSentEvents.ReadAllAsync(response);

        Assert.Contains("send_email tool needs a person's approval", body["reply"]!.GetValue<string>());
        Assert.Contains("POST /v1/tasks", body["reply"]!.GetValue<string>());
        Assert.Contains("needs a person's approval", events.Single(e => e.Type == "done").Json["reply"]!.GetValue<string>());
        Assert.DoesNotContain(outbox.Sent, e => e.To == "ana@example.com");
    }

    [Fact]
    public async Task Without_a_sidecar_answers_statelessly_with_a_warning_naming_the_fix_and_without_waiting()
    {
        using var client = factory.CreateClient();
        var clock = Stopwatch.StartNew();

        using var response = await client.PostAsJsonAsync("/v1/chat", new { message = "hello" });

        var body = await Problems.OkJsonAsync(response);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(5), $"took {clock.Elapsed}");
        var warning = Assert.Single(body["warnings"]!.AsArray())!.GetValue<string>();
        Assert.Contains("memory is off", warning);
        Assert.Contains("dapr init --slim", warning);
        Assert.Contains("offline model", body["reply"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_json_answer_reports_usage_in_its_body_and_headers()
    {
        using var client = factory.CreateClient();

        using var response = await client.PostAsJsonAsync("/v1/chat", new { message = "what is 6 * 7?", conversationId = "usage-1" });

        var body = await Problems.OkJsonAsync(response);
        var usage = body["usage"]!;
        Assert.Equal(usage["totalTokens"]!.GetValue<long>().ToString(), response.Headers.GetValues(UsageHeaders.Total).Single());
        Assert.Equal(usage["inputTokens"]!.GetValue<long>().ToString(), response.Headers.GetValues(UsageHeaders.Input).Single());
        Assert.Equal(usage["outputTokens"]!.GetValue<long>().ToString(), response.Headers.GetValues(UsageHeaders.Output).Single());
        Assert.Equal("usage-1", body["conversationId"]!.GetValue<string>());
        var call = Assert.Single(body["toolCalls"]!.AsArray())!;
        Assert.Equal("calculate", call["name"]!.GetValue<string>());
        Assert.Equal("6 * 7 = 42", call["result"]!.GetValue<string>());
    }

    public static TheoryData<string, string, string?, HttpStatusCode, string?> BadRequests() => new()
    {
        // path, body, content type (null: none), status, field
        { "/v1/chat", """{"message":""}""", "application/json", HttpStatusCode.BadRequest, "message" },
        { "/v1/chat", """{"message":"   "}""", "application/json", HttpStatusCode.BadRequest, "message" },
        { "/v1/chat", "{}", "application/json", HttpStatusCode.BadRequest, "message" },
        { "/v1/chat", """{"message":5}""", "application/json", HttpStatusCode.BadRequest, "message" },
        { "/v1/chat", """{"message":""", "application/json", HttpStatusCode.BadRequest, null },
        { "/v1/chat", "[1]", "application/json", HttpStatusCode.BadRequest, null },
        { "/v1/chat", "", "application/json", HttpStatusCode.BadRequest, "body" },
        { "/v1/chat", "null", "application/json", HttpStatusCode.BadRequest, "body" },
        { "/v1/chat", $$"""{"message":"{{new string('a', 8001)}}"}""", "application/json", HttpStatusCode.BadRequest, "message" },
        { "/v1/chat", """{"message":"hi","conversationId":"../etc"}""", "application/json", HttpStatusCode.BadRequest, "conversationId" },
        { "/v1/chat", """{"message":"hi","conversationId":""}""", "application/json", HttpStatusCode.BadRequest, "conversationId" },
        { "/v1/chat", $$"""{"message":"hi","conversationId":"{{new string('c', 65)}}"}""", "application/json", HttpStatusCode.BadRequest, "conversationId" },
        { "/v1/chat", "message=hi", "application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType, null },
        { "/v1/chat", "hello", "text/plain", HttpStatusCode.UnsupportedMediaType, null },
        { "/v1/chat", """{"message":"hi"}""", null, HttpStatusCode.UnsupportedMediaType, null },
        { "/v1/chat", $$"""{"message":"{{new string('a', 300_000)}}"}""", "application/json", HttpStatusCode.RequestEntityTooLarge, null },
        { "/v1/chat/completions", "{}", "application/json", HttpStatusCode.BadRequest, "messages" },
        { "/v1/chat/completions", """{"messages":[]}""", "application/json", HttpStatusCode.BadRequest, "messages" },
        { "/v1/chat/completions", """{"messages":[{"role":"tool","content":"x"}]}""", "application/json", HttpStatusCode.BadRequest, "messages[0].tool_call_id" },
        { "/v1/chat/completions", """{"messages":[{"role":"robot","content":"x"}]}""", "application/json", HttpStatusCode.BadRequest, "messages[0].role" },
        { "/v1/chat/completions", """{"messages":[{"role":"user","content":"hi"}],"tool_choice":{"type":"function","function":{"name":"nope"}}}""", "application/json", HttpStatusCode.BadRequest, "tool_choice" },
        { "/v1/chat/completions", """{"messages":[{"role":"user","content":"hi"}],"tools":[{"type":"function","function":{"name":"bad name!"}}]}""", "application/json", HttpStatusCode.BadRequest, "tools[0].function.name" },
        { "/v1/chat/completions", """{"messages":[{"role":"user","content":"hi"},{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{not json"}}]}]}""", "application/json", HttpStatusCode.BadRequest, "messages[1].tool_calls[0].function.arguments" },
        { "/v1/chat/completions", """{"messages":[{"role":"user","content":5}]}""", "application/json", HttpStatusCode.BadRequest, "messages[0].content" },
        { "/v1/chat/completions", """{"messages":[{"role":"system","content":"only a system prompt"}]}""", "application/json", HttpStatusCode.BadRequest, "messages" },
        { "/v1/chat/completions", """{"messages":"hi"}""", "application/json", HttpStatusCode.BadRequest, "messages" },
        { "/v1/chat/completions", "hi", "text/plain", HttpStatusCode.UnsupportedMediaType, null },
        { "/v1/chat/completions", $$"""{"messages":[{"role":"user","content":"{{new string('a', 300_000)}}"}]}""", "application/json", HttpStatusCode.RequestEntityTooLarge, null },
    };

    [Theory]
    [MemberData(nameof(BadRequests))]
    public async Task Bad_input_gets_problem_details_naming_the_field_never_a_5xx(string path, string body, string? contentType,
        HttpStatusCode status, string? field)
    {
        using var client = factory.CreateClient();
        var content = new StringContent(body, Encoding.UTF8);
        content.Headers.ContentType = contentType is null ? null : new MediaTypeHeaderValue(contentType);

        using var response = await client.PostAsync(path, content);

        if (path == "/v1/chat/completions")
        {
            await Problems.AssertOpenAIErrorAsync(response, status, field);
        }
        else
        {
            await Problems.AssertAsync(response, status, field);
        }
    }

    [Fact]
    public async Task A_body_too_large_is_refused_even_when_it_arrives_chunked()
    {
        using var client = factory.CreateClient();
        var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes($$"""{"message":"{{new string('a', 300_000)}}"}""")));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat") { Content = content };
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        await Problems.AssertAsync(response, HttpStatusCode.RequestEntityTooLarge);
    }

    [Fact]
    public async Task A_malformed_tenant_header_is_a_400_naming_the_header()
    {
        using var client = factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat") { Content = JsonContent.Create(new { message = "hi" }) };
        request.Headers.Add("X-Identity-Tenant", "no spaces allowed");

        using var response = await client.SendAsync(request);

        var problem = await Problems.AssertAsync(response, HttpStatusCode.BadRequest);
        Assert.Contains("X-Identity-Tenant", problem["detail"]!.GetValue<string>());
    }

    [Theory]
    [InlineData("GET", "/v1/chat", HttpStatusCode.MethodNotAllowed)]
    [InlineData("GET", "/v1/nothing-here", HttpStatusCode.NotFound)]
    public async Task Unknown_routes_and_methods_get_problem_details(string method, string path, HttpStatusCode status)
    {
        using var client = factory.CreateClient();

        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));

        await Problems.AssertAsync(response, status);
    }

    private static HttpRequestMessage StreamRequest(string message, string? conversationId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat") { Content = JsonContent.Create(new { message, conversationId }) };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        return request;
    }
}
