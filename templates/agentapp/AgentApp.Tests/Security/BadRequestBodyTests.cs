using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AgentApp.Tests.Security;

/// <summary>
/// Bodies a client got wrong: bytes that are not UTF-8 anywhere in the JSON, and numbers outside their ranges, are 400s
/// that name the problem, in OpenAI's error shape on <c>/v1/chat/completions</c> and as ProblemDetails elsewhere; and a
/// client's mistake is logged below Error (in Production, where the framework does not rethrow binding failures, and in
/// Development, where it does).
/// </summary>
public sealed class BadRequestBodyTests
{
    // Bodies written as Latin-1 characters, one byte each: a lone lead or continuation byte, an overlong encoding, an
    // encoded surrogate, a sequence cut off at the end; in a value or in a property name.
    public static TheoryData<string, string> InvalidUtf8 => new()
    {
        { "/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"hi \u00FF there\"}]}" },
        { "/v1/chat/completions", "{\"messages\":[{\"role\":\"user\",\"content\":\"ok\"}],\"mo\u00C3del\":\"x\"}" },
        { "/v1/chat", "{\"message\":\"caf\u00E9 au lait\"}" },
        { "/v1/chat", "{\"message\":\"\u00C0\u00AF\"}" },
        { "/v1/tasks", "{\"goal\":\"summarise \u00ED\u00A0\u0080 this\"}" },
        { "/v1/tasks", "{\"goal\":\"cut short \u00E2\u0082" },
    };

    public static TheoryData<string, string> OutOfRange => new()
    {
        { """{"max_tokens":-1}""", "max_tokens" },
        { """{"max_tokens":0}""", "max_tokens" },
        { """{"max_tokens":100000000000000000000}""", "max_tokens" },
        { """{"max_completion_tokens":0}""", "max_completion_tokens" },
        { """{"temperature":-0.5}""", "temperature" },
        { """{"temperature":2.5}""", "temperature" },
        { """{"temperature":1e400}""", "temperature" },
        { """{"top_p":1.5}""", "top_p" },
        { """{"n":2}""", "n" },
        { """{"max_tokens":"many"}""", "max_tokens" },
    };

    [Theory]
    [MemberData(nameof(InvalidUtf8))]
    public async Task Invalid_utf8_anywhere_in_a_json_body_is_400_naming_it(string path, string latin1Body)
    {
        foreach (var environment in (string[])["Development", "Production"])
        {
            var logs = new CapturingLoggerProvider();
            await using var api = Api(environment, logs);
            using var client = api.CreateClient();

            using var response = await client.PostAsync(path, Latin1Json(latin1Body));

            var message = path == "/v1/chat/completions"
                ? (await Problems.AssertOpenAIErrorAsync(response, HttpStatusCode.BadRequest, "body"))["message"]!.GetValue<string>()
                : (await Problems.AssertAsync(response, HttpStatusCode.BadRequest, "body"))["detail"]!.GetValue<string>();
            Assert.Contains("not valid UTF-8", message);
            AssertNothingAtErrorLevel(logs);
        }
    }

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public async Task Out_of_range_numbers_in_chat_completions_are_400_naming_the_field(string numbers, string field)
    {
        foreach (var environment in (string[])["Development", "Production"])
        {
            var logs = new CapturingLoggerProvider();
            await using var api = Api(environment, logs);
            using var client = api.CreateClient();
            var body = numbers.Replace("}", ""","messages":[{"role":"user","content":"hello"}]}""", StringComparison.Ordinal);

            using var response = await client.PostAsync("/v1/chat/completions", new StringContent(body, Encoding.UTF8, "application/json"));

            await Problems.AssertOpenAIErrorAsync(response, HttpStatusCode.BadRequest, field);
            AssertNothingAtErrorLevel(logs);
        }
    }

    [Theory]
    [InlineData("/v1/chat", """{"message":123}""", "message")]
    [InlineData("/v1/chat", """{"message":"hi","conversationId":{"a":1}}""", "conversationId")]
    [InlineData("/v1/tasks", """{"goal":["a"]}""", "goal")]
    public async Task Wrong_types_are_400_problems_naming_the_field_and_logged_below_error(string path, string body, string field)
    {
        var logs = new CapturingLoggerProvider();
        await using var api = Api("Development", logs);
        using var client = api.CreateClient();

        using var response = await client.PostAsync(path, new StringContent(body, Encoding.UTF8, "application/json"));

        await Problems.AssertAsync(response, HttpStatusCode.BadRequest, field);
        AssertNothingAtErrorLevel(logs);
    }

    [Fact]
    public async Task A_valid_body_with_multibyte_text_split_across_reads_is_not_refused()
    {
        await using var api = Api("Development", new CapturingLoggerProvider());
        using var client = api.CreateClient();
        // Many three- and four-byte characters, so some fall across the check's read boundaries.
        var text = string.Concat(Enumerable.Repeat("é€😀", 6000));

        using var response = await client.PostAsync("/v1/chat/completions", new StringContent(
            $$"""{"messages":[{"role":"user","content":"{{text}}"}],"max_tokens":5}""", Encoding.UTF8, "application/json"));

        Assert.True(response.StatusCode != HttpStatusCode.BadRequest || !(await response.Content.ReadAsStringAsync()).Contains("UTF-8"),
            await response.Content.ReadAsStringAsync());
    }

    private static ApiFactory Api(string environment, CapturingLoggerProvider logs) => new()
    {
        Environment = environment,
        ConfigureServices = services => services.AddSingleton<ILoggerProvider>(logs),
    };

    // The body's characters below 256 as single bytes: "\u00FF" in the literal is the byte 0xFF on the wire.
    private static ByteArrayContent Latin1Json(string latin1)
    {
        var content = new ByteArrayContent(Encoding.Latin1.GetBytes(latin1));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    private static void AssertNothingAtErrorLevel(CapturingLoggerProvider logs) =>
        Assert.DoesNotContain(logs.Entries, e => e.Level >= LogLevel.Error);
}
