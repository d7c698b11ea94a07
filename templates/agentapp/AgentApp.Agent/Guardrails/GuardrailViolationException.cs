namespace AgentApp.Agent.Guardrails;

/// <summary>
/// Thrown when a guardrail refuses a request. Endpoints answer it with 422 ProblemDetails naming <see cref="Rule"/>;
/// the worker fails the task without retrying (the same input would be refused again).
/// </summary>
public sealed class GuardrailViolationException(string rule, string detail) : Exception(detail)
{
    /// <summary>The rule (<see cref="GuardrailRules"/>).</summary>
    public string Rule { get; } = rule;
}
