using System.Net;

namespace AgentApp.Tests.Gateway.Redis;

/// <summary>
/// The gateway keeps its limits on a Redis it reaches over TLS only (<c>ssl=true</c>; the server's plain port is off),
/// trusting a private CA named by <c>Gateway:Redis:TrustedCertificate</c>; without that trust it refuses the server's
/// certificate, and the edge answers 503 rather than forwarding unlimited traffic.
/// </summary>
[Collection(EdgeCollection.Name)]
public sealed class RedisTlsTests(EdgeFixture fixture) : IDisposable
{
    private const string Key = "tls-key-0123456789abcdef";
    private readonly string _directory = Directory.CreateTempSubdirectory("redis-tls-").FullName;

    [RealRedisTlsFact]
    public async Task The_gateway_uses_a_TLS_only_redis_when_it_trusts_the_servers_CA_and_refuses_it_otherwise()
    {
        var tls = TlsFiles.CreateSelfSigned(_directory);
        using var redis = RedisServerProcess.Start(tls: tls);
        var tenant = EdgeFixture.NewTenant("tls");
        var settings = fixture.Settings(EdgeFixture.Key("k", Key, tenant, ["conversations"]));
        settings["ConnectionStrings:cache"] = redis.ConnectionString;

        using (var untrusting = new GatewayInstance(settings))
        using (var client = untrusting.CreateClient())
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await SendAsync(client)).StatusCode);
        }

        settings["Gateway:Redis:TrustedCertificate"] = tls.CertificateFile;
        using var trusting = new GatewayInstance(settings);
        using var trusted = trusting.CreateClient();
        using var response = await SendAsync(trusted);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{response.StatusCode}: {string.Join('\n', trusting.Errors)}");
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/v1/conversations/c1");
        request.Headers.Add("X-Api-Key", Key);
        return await client.SendAsync(request);
    }

    /// <inheritdoc />
    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
