using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.Extensions.Caching.Distributed;

namespace AgentApp.Web.SignIn;

/// <summary>
/// Keeps sign-in tickets (claims and the provider's tokens) on the server: the browser's cookie holds only a random key,
/// so no token ever reaches browser storage. Backed by <see cref="IDistributedCache"/>: in memory for one replica; register
/// a Redis cache (<c>AddStackExchangeRedisCache</c>) to share sessions between replicas.
/// </summary>
public sealed class ServerSideTicketStore(IDistributedCache cache, TimeProvider time) : ITicketStore
{
    private const string KeyPrefix = "console-ticket:";

    /// <inheritdoc />
    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var key = Guid.NewGuid().ToString("N");
        await RenewAsync(key, ticket);
        return key;
    }

    /// <inheritdoc />
    public Task RenewAsync(string key, AuthenticationTicket ticket) =>
        cache.SetAsync(KeyPrefix + key, TicketSerializer.Default.Serialize(ticket), new DistributedCacheEntryOptions
        {
            AbsoluteExpiration = ticket.Properties.ExpiresUtc ?? time.GetUtcNow().AddHours(8),
        });

    /// <inheritdoc />
    public async Task<AuthenticationTicket?> RetrieveAsync(string key) =>
        await cache.GetAsync(KeyPrefix + key) is { } bytes ? TicketSerializer.Default.Deserialize(bytes) : null;

    /// <inheritdoc />
    public Task RemoveAsync(string key) => cache.RemoveAsync(KeyPrefix + key);
}

/// <summary>Puts <see cref="ServerSideTicketStore"/> behind the console's cookie.</summary>
public sealed class ServerSideTicketStoreSetup(ServerSideTicketStore store)
    : Microsoft.Extensions.Options.IPostConfigureOptions<CookieAuthenticationOptions>
{
    /// <inheritdoc />
    public void PostConfigure(string? name, CookieAuthenticationOptions options) => options.SessionStore = store;
}
