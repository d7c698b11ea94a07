using Aspire.Hosting.ApplicationModel;

namespace AgentApp.Hosting;

/// <summary>
/// One part of a Redis connection string in StackExchange.Redis form (<c>host:port,password=…,ssl=true</c>). Reading the
/// resolved connection string, rather than the Redis resource's endpoint, keeps it right when the connection string is
/// redirected (e.g. to an in-process stand-in) or comes from any other <see cref="IResourceWithConnectionString"/>.
/// </summary>
internal sealed class RedisConnectionPart(IResourceWithConnectionString redis, RedisConnectionPart.Part part) : IValueProvider, IValueWithReferences
{
    public enum Part
    {
        HostAndPort,
        Password,
        EnableTls,
    }

    public IEnumerable<object> References => [redis];

    public async ValueTask<string?> GetValueAsync(CancellationToken cancellationToken = default)
    {
        var connectionString = await redis.GetConnectionStringAsync(cancellationToken).ConfigureAwait(false)
            ?? throw new DistributedApplicationException($"'{redis.Name}' has no connection string yet, so its Dapr component cannot be written.");
        return Parse(connectionString, part);
    }

    internal static string? Parse(string connectionString, Part part)
    {
        var segments = connectionString.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string? Option(string key) => segments
            .Where(s => s.StartsWith(key + "=", StringComparison.OrdinalIgnoreCase))
            .Select(s => s[(key.Length + 1)..])
            .LastOrDefault();

        return part switch
        {
            // The first segment without '=' is the endpoint; Dapr's redisHost takes one host:port.
            Part.HostAndPort => segments.FirstOrDefault(s => !s.Contains('=', StringComparison.Ordinal)),
            Part.Password => Option("password") is { Length: > 0 } password ? password : null,
            Part.EnableTls => string.Equals(Option("ssl"), "true", StringComparison.OrdinalIgnoreCase) ? "true" : null,
            _ => throw new ArgumentOutOfRangeException(nameof(part)),
        };
    }
}
