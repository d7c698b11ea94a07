using System.ClientModel;

namespace AgentApp.Agent.Providers;

/// <summary>
/// Words a failed model call for the caller: which provider and endpoint host were tried and what happened, never the
/// key (nor the provider's own message, which may echo part of it).
/// </summary>
public sealed class ChatModelFailure(ChatProviderSettings settings)
{
    /// <summary>The ProblemDetails title of a failed model call.</summary>
    public const string Title = "The chat model failed.";

    /// <summary>"The chat model (openai at api.openai.com) answered 401; check ConnectionStrings:chat or try again later."</summary>
    public string Describe(Exception exception) =>
        $"The chat model ({settings.Describe()}) {What(exception)}; check ConnectionStrings:{ChatProviderSettings.ConnectionStringName} or try again later.";

    private static string What(Exception exception) => exception switch
    {
        ClientResultException { Status: > 0 } result => $"answered {result.Status}",
        HttpRequestException { StatusCode: { } status } => $"answered {(int)status}",
        HttpRequestException => "could not be reached",
        TimeoutException or OperationCanceledException => "did not answer in time",
        _ when exception.InnerException is { } inner && inner != exception => What(inner),
        _ => $"failed ({exception.GetType().Name})",
    };
}
