using System.Net;
using System.Text;

namespace AgentApp.Tests.Gateway;

/// <summary>Hostile or broken input through the gateway: refused with a 4xx or passed on, never a 5xx.</summary>
[Collection(EdgeCollection.Name)]
public sealed class BadInputTests(EdgeFixture fixture) : IDisposable
{
    private const string Key = "bad-input-key-0123456789";
    private const int MaxBody = 64 * 1024;
    private readonly GatewayInstance _gateway = new(fixture.Settings(
    [
        .. EdgeFixture.Key("k", Key, EdgeFixture.NewTenant("bad"), ["chat", "tasks", "conversations"]),
        ("Gateway:MaxRequestBodyBytes", $"{MaxBody}"),
    ]));

    public void Dispose() => _gateway.Dispose();

    public static TheoryData<string, byte[]> Bodies() => new()
    {
        { "malformed JSON", "{\"message\": \"unterminated"u8.ToArray() },
        { "deep nesting", Encoding.ASCII.GetBytes(new string('[', 20_000) + new string(']', 20_000)) },
        { "invalid UTF-8", [(byte)'{', (byte)'"', 0xC3, 0x28, 0xFF, 0xFE, 0xED, 0xA0, 0x80, (byte)'"', (byte)'}'] },
        { "NUL bytes", new byte[1024] },
        { "empty", [] },
    };

    [Theory]
    [MemberData(nameof(Bodies))]
    public async Task Broken_bodies_are_passed_on_without_a_5xx(string name, byte[] body)
    {
        using var client = _gateway.CreateClient();
        using var request = Post(body);

        using var response = await client.SendAsync(request);

        Assert.True((int)response.StatusCode < 500, $"{name}: {(int)response.StatusCode}");
    }

    [Fact]
    public async Task A_declared_huge_body_is_413_before_it_is_read()
    {
        using var client = _gateway.CreateClient();
        using var request = Post(new byte[MaxBody + 1]);

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_chunked_huge_body_is_refused_without_a_5xx()
    {
        using var client = _gateway.CreateClient();
        using var request = Post([]);
        request.Content = new StreamContent(new MemoryStream(new byte[MaxBody * 4]));   // no length: chunked
        request.Headers.TransferEncodingChunked = true;

        using var response = await client.SendAsync(request);

        Assert.Contains(response.StatusCode, new[] { HttpStatusCode.RequestEntityTooLarge, HttpStatusCode.BadRequest });
    }

    [Fact]
    public async Task A_header_flood_is_431()
    {
        using var client = _gateway.CreateClient();
        using var request = Post("{}"u8.ToArray());
        for (var i = 0; i < 500; i++)
        {
            request.Headers.Add($"X-Flood-{i}", new string('x', 100));
        }

        using var response = await client.SendAsync(request);

        Assert.Equal(HttpStatusCode.RequestHeaderFieldsTooLarge, response.StatusCode);
    }

    [Theory]
    [InlineData("/v1/%00")]
    [InlineData("/v1/..%2f..%2f..%2fetc%2fpasswd")]
    [InlineData("/v1/chat/%ff%fe")]
    [InlineData("/v1/tasks/%2e%2e/events")]
    public async Task Odd_paths_get_no_5xx(string path)
    {
        using var client = _gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("X-Api-Key", Key);

        using var response = await client.SendAsync(request);

        Assert.True((int)response.StatusCode < 500, $"{path}: {(int)response.StatusCode}");
    }

    [Fact]
    public async Task A_malformed_correlation_id_is_replaced_not_echoed()
    {
        using var client = _gateway.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/info");
        request.Headers.TryAddWithoutValidation("X-Correlation-Id", "<script>" + new string('a', 200));

        using var response = await client.SendAsync(request);

        var id = response.Headers.GetValues("X-Correlation-Id").Single();
        Assert.DoesNotContain("<", id);
        Assert.InRange(id.Length, 1, 64);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
    }

    private static HttpRequestMessage Post(byte[] body)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json") { CharSet = "utf-8" };
        request.Headers.Add("X-Api-Key", Key);
        return request;
    }
}
