using AgentApp.Contracts;
using AgentApp.Api.Identity;

namespace AgentApp.Api.Tasks;

/// <summary>
/// Separation of duties for approvals: deciding needs the <see cref="ApproveScope"/> scope (the gateway's route asks for
/// it; the api checks it again whenever the gateway forwarded scopes), and the subject that submitted a task may not
/// decide on it unless <see cref="TaskLifecycleOptions.AllowSelfApproval"/> says so.
/// </summary>
public static class TaskApprovalPolicy
{
    /// <summary>The scope that lets a caller approve or reject a waiting task's tool call.</summary>
    public const string ApproveScope = "tasks:approve";

    /// <summary>Why the caller may not decide at all; null when the scope is there (or no gateway stated scopes).</summary>
    public static string? MissingScope(ICallerIdentity caller) =>
        caller.Scopes.Count == 0 || caller.Scopes.Contains(ApproveScope) ? null
            : $"Deciding on an approval needs the '{ApproveScope}' scope; the caller has {string.Join(", ", caller.Scopes)}.";

    /// <summary>
    /// Why the caller may not decide on <paramref name="task"/>; null when it may. Without a known subject on both sides
    /// (no gateway in front, or a task submitted before subjects were recorded) there is no person to compare.
    /// </summary>
    public static string? SelfApproval(ICallerIdentity caller, AgentTask task, TaskLifecycleOptions options) =>
        !options.AllowSelfApproval && caller.Subject is not null && caller.Subject == task.SubmittedBy
            ? $"'{caller.Subject}' submitted this task and may not approve its own work; another person with the " +
              $"'{ApproveScope}' scope decides (Tasks:AllowSelfApproval turns this off)."
            : null;
}
