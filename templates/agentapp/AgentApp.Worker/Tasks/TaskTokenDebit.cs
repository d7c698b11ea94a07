using AgentApp.Quotas;
using Microsoft.Extensions.AI;
using StackExchange.Redis;

namespace AgentApp.Worker.Tasks;

/// <summary>
/// Debits what a task's model calls spend from its tenant's token budget, at the source: the gateway sees a task
/// submitted, never the tokens its run spends. The budget is the gateway's (<see cref="TokenLedger"/> on the same Redis,
/// <c>ConnectionStrings:cache</c>); without that connection string there is no budget to debit. A debit Redis cannot take
/// is logged and lost rather than failing a task whose tokens are already spent.
/// </summary>
public sealed partial class TaskTokenDebit(ILogger<TaskTokenDebit> logger, TokenLedger? ledger = null)
{
    /// <summary>The connection string name of the Redis that keeps the budgets.</summary>
    public const string ConnectionName = "cache";

    /// <summary>Debits <paramref name="response"/>'s tokens from <paramref name="tenant"/>.</summary>
    public Task DebitAsync(string tenant, ChatResponse response)
    {
        var usage = response.Usage;
        return DebitAsync(tenant, usage?.TotalTokenCount ?? (usage?.InputTokenCount ?? 0) + (usage?.OutputTokenCount ?? 0));
    }

    /// <summary>Debits <paramref name="tokens"/> from <paramref name="tenant"/>.</summary>
    public async Task DebitAsync(string tenant, long tokens)
    {
        if (ledger is null || tokens <= 0)
        {
            return;
        }

        try
        {
            await ledger.DebitAsync(tenant, tokens);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            LogLost(logger, tokens, tenant, ex.GetType().Name);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Tokens} model tokens of tenant {Tenant} were not debited: the quota store is unreachable ({Error})")]
    private static partial void LogLost(ILogger logger, long tokens, string tenant, string error);
}
