using System.Security.Cryptography;
using System.Text;

namespace AgentApp.Tests.Support;

/// <summary>
/// One Garnet, one real redis-server (started when a test first asks for it) and one stub api for all gateway tests;
/// each test makes its own tenants (unique names) and gateways, so tests share no budget. Disposing stops them all.
/// </summary>
public sealed class EdgeFixture : IAsyncLifetime
{
    /// <summary>The audience the gateway expects of JWTs.</summary>
    public const string Audience = "gateway-tests";

    /// <summary>What the gateway must send the api in <c>X-Gateway-Secret</c>.</summary>
    public const string GatewaySecret = "test-gateway-secret-0123456789";

    private readonly Lazy<IRedisTestServer> _redisServer = new(() => RedisTestServers.Start(RedisServerKind.RedisServer));

    /// <summary>The Redis the gateways share unless a test names another: Garnet, as in the container-less app.</summary>
    public GarnetServerHost Redis { get; private set; } = null!;

    /// <summary>The shared server of <paramref name="kind"/>.</summary>
    public IRedisTestServer Server(RedisServerKind kind) => kind == RedisServerKind.Garnet ? Redis : _redisServer.Value;

    /// <summary>The api behind the gateways, also the JWT issuer.</summary>
    public StubApi Api { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        Redis = new GarnetServerHost();
        Api = await StubApi.StartAsync();
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Api.DisposeAsync();
        Redis.Dispose();
        if (_redisServer.IsValueCreated)
        {
            _redisServer.Value.Dispose();
        }
    }

    /// <summary>Settings pointing a gateway at Garnet, this api and this issuer, plus <paramref name="extra"/>.</summary>
    public Dictionary<string, string?> Settings(params (string Key, string? Value)[] extra) => SettingsOn(RedisServerKind.Garnet, extra);

    /// <summary>As <see cref="Settings"/>, on the shared server of <paramref name="kind"/>.</summary>
    public Dictionary<string, string?> SettingsOn(RedisServerKind kind, params (string Key, string? Value)[] extra)
    {
        var settings = new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = Server(kind).ConnectionString,
            ["ReverseProxy:Clusters:api:Destinations:api:Address"] = Api.Url,
            ["Gateway:Secret"] = GatewaySecret,
            ["Authentication:Jwt:Authority"] = Api.Issuer,
            ["Authentication:Jwt:Audience"] = Audience,
            ["Authentication:Jwt:RequireHttpsMetadata"] = "false",
        };
        foreach (var (key, value) in extra)
        {
            settings[key] = value;
        }

        return settings;
    }

    /// <summary>Settings for one API key: only its hash goes into configuration.</summary>
    public static (string, string?)[] Key(string id, string secret, string tenant, string[] scopes, bool revoked = false) =>
    [
        ($"Authentication:ApiKeys:{id}:Sha256", Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(secret)))),
        ($"Authentication:ApiKeys:{id}:Tenant", tenant),
        ($"Authentication:ApiKeys:{id}:Revoked", revoked ? "true" : "false"),
        .. scopes.Select((s, i) => ((string, string?))($"Authentication:ApiKeys:{id}:Scopes:{i}", s)),
    ];

    /// <summary>A tenant name no other test uses.</summary>
    public static string NewTenant(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..24];
}

/// <summary>Gateway tests sharing one Redis and one stub api.</summary>
[CollectionDefinition(Name)]
public sealed class EdgeCollection : ICollectionFixture<EdgeFixture>
{
    /// <summary>The collection name.</summary>
    public const string Name = "gateway edge";
}
