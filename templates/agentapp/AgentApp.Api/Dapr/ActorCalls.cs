using Dapr.Actors;
using Dapr.Actors.Client;

namespace AgentApp.Api.Dapr;

/// <summary>What a call to an actor came to.</summary>
/// <typeparam name="T">The actor's answer.</typeparam>
/// <param name="Value">The answer, when the actor was reachable.</param>
/// <param name="Problem">Why it was not, with the fix; null on success.</param>
public sealed record ActorCallResult<T>(T? Value, string? Problem)
{
    /// <summary>Whether the actor answered.</summary>
    public bool IsAvailable => Problem is null;
}

/// <summary>
/// Calls actors through the api's Dapr sidecar, answering "unavailable, and here is the fix" within the sidecar probe's
/// timeout instead of throwing, so a missing sidecar turns a feature off rather than failing requests.
/// </summary>
public sealed class ActorCalls(IActorProxyFactory proxies, DaprSidecar sidecar, ILogger<ActorCalls> logger)
{
    /// <summary>Calls actor <paramref name="id"/> of <paramref name="actorType"/> for <paramref name="feature"/> (named in problems).</summary>
    public async Task<ActorCallResult<T>> CallAsync<T>(string feature, string actorType, string id,
        Func<ActorProxy, CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        if (!await sidecar.IsAvailableAsync(cancellationToken))
        {
            return new ActorCallResult<T>(default, sidecar.Unavailable(feature));
        }

        try
        {
            return new ActorCallResult<T>(await call(proxies.Create(new ActorId(id), actorType), cancellationToken), null);
        }
        catch (HttpRequestException ex)
        {
            logger.LogWarning(ex, "Dapr sidecar at {Endpoint} unreachable for {ActorType} {ActorId}", sidecar.Endpoint, actorType, id);
            sidecar.ReportUnreachable();
            return new ActorCallResult<T>(default, sidecar.Unavailable(feature));
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The sidecar answered but the actor call failed or timed out: the actors service or its sidecar is not serving.
            logger.LogWarning(ex, "{ActorType} call failed for {ActorId}", actorType, id);
            return new ActorCallResult<T>(default,
                $"{feature} did not answer: the Dapr sidecar at {sidecar.Endpoint} is up, but the call to the {actorType} failed ({ex.GetType().Name}). Check that the actors service and its sidecar are running.");
        }
    }
}
