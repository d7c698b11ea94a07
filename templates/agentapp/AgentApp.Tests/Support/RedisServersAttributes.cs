using System.Reflection;
using Xunit.Sdk;

namespace AgentApp.Tests.Support;

/// <summary>
/// A theory row for real Redis (<see cref="RedisServerKind.RedisServer"/>), beside <c>[InlineData(RedisServerKind.Garnet)]</c>:
/// reported as skipped, with the reason and the install command, where <c>redis-server</c> is not installed.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class OnRealRedisAttribute : DataAttribute
{
    /// <summary>Sets <see cref="DataAttribute.Skip"/> when <c>redis-server</c> is missing.</summary>
    public OnRealRedisAttribute() => Skip = RedisServerProcess.SkipReason!;

    /// <inheritdoc />
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) => [[RedisServerKind.RedisServer]];
}

/// <summary>
/// A fact that needs <c>redis-server</c> built with TLS (Debian's is: it links OpenSSL). Skipped, saying why, where
/// redis-server is missing or was built without TLS.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class RealRedisTlsFactAttribute : FactAttribute
{
    private static readonly Lazy<string?> s_skip = new(() =>
    {
        if (RedisServerProcess.SkipReason is { } missing)
        {
            return missing;
        }

        // A TLS build links OpenSSL; a build without it refuses tls-port at start.
        var path = Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, RedisServerProcess.Executable)).First(File.Exists);
        var (_, libraries) = Support.ChildProcess.RunAsync("ldd", [path], TimeSpan.FromSeconds(10)).GetAwaiter().GetResult();
        return libraries.Contains("libssl", StringComparison.Ordinal) ? null
            : $"{path} was built without TLS (it does not link libssl), so TLS to Redis cannot be tested against it here.";
    });

    /// <summary>Sets <see cref="FactAttribute.Skip"/> when TLS cannot be tested here.</summary>
    public RealRedisTlsFactAttribute()
    {
        if (s_skip.Value is { } reason)
        {
            Skip = reason;
        }
    }
}
