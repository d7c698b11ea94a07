using System.Reflection;
using Xunit.Sdk;

namespace AgentApp.Tests.Gateway.Redis;

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
