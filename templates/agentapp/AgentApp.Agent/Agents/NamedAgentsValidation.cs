using System.Text.RegularExpressions;
using AgentApp.Agent.Tools;
using Microsoft.Extensions.Options;

namespace AgentApp.Agent.Agents;

/// <summary>Fills in <see cref="DefaultAgents"/> for whatever configuration leaves out.</summary>
public sealed class NamedAgentsDefaults : IPostConfigureOptions<NamedAgentsOptions>
{
    /// <inheritdoc />
    public void PostConfigure(string? name, NamedAgentsOptions options)
    {
        foreach (var (agent, definition) in DefaultAgents.Named)
        {
            options.Named.TryAdd(agent, definition);
        }

        foreach (var (mode, team) in DefaultAgents.Teams)
        {
            if (!options.Teams.TryGetValue(mode, out var configured) || configured.Count == 0)
            {
                options.Teams[mode] = [.. team];
            }
        }

        options.Aggregator ??= DefaultAgents.Aggregator;
        options.Orchestrator ??= DefaultAgents.Orchestrator;
    }
}

/// <summary>Checks the named agents at start-up, each failure naming the setting.</summary>
public sealed partial class NamedAgentsValidation(AgentTools tools) : IValidateOptions<NamedAgentsOptions>
{
    /// <summary>Whether <paramref name="name"/> can name an agent: 1-32 lower-case letters, digits or '-', starting with a letter or digit.</summary>
    public static bool IsValidName(string? name) => name is not null && AgentName().IsMatch(name);

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, NamedAgentsOptions options)
    {
        var known = tools.All.Select(t => t.Name).ToHashSet(StringComparer.Ordinal);
        var failures = new List<string>();
        foreach (var (agent, definition) in options.Named)
        {
            var prefix = $"{NamedAgentsOptions.Section}:Named:{agent}";
            if (!IsValidName(agent))
            {
                failures.Add($"{prefix}: an agent name is 1-32 lower-case letters, digits or '-'.");
            }

            if (string.IsNullOrWhiteSpace(definition.Instructions))
            {
                failures.Add($"{prefix}:Instructions is required.");
            }

            failures.AddRange(definition.Tools.Where(t => !known.Contains(t))
                .Select(t => $"{prefix}:Tools: there is no tool '{t}' (known: {string.Join(", ", known.Order())})."));
            // An agent's turn runs its tools inside one step, with nobody to ask: gated tools belong to single-agent tasks.
            failures.AddRange(definition.Tools.Where(tools.RequiringApproval.Contains)
                .Select(t => $"{prefix}:Tools: '{t}' needs a person's approval, which a named agent's turn cannot wait for; submit a single-agent task for it."));
        }

        foreach (var (mode, team) in options.Teams)
        {
            failures.AddRange(team.Where(a => !options.Named.ContainsKey(a))
                .Select(a => $"{NamedAgentsOptions.Section}:Teams:{mode}: there is no agent '{a}'."));
        }

        if (!options.Named.ContainsKey(options.Aggregator ?? ""))
        {
            failures.Add($"{NamedAgentsOptions.Section}:Aggregator: there is no agent '{options.Aggregator}'.");
        }

        if (!options.Named.ContainsKey(options.Orchestrator ?? ""))
        {
            failures.Add($"{NamedAgentsOptions.Section}:Orchestrator: there is no agent '{options.Orchestrator}'.");
        }

        if (options.MaxTurns is < 1 or > 50)
        {
            failures.Add($"{NamedAgentsOptions.Section}:MaxTurns is 1-50.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{0,31}$", RegexOptions.NonBacktracking)]
    private static partial Regex AgentName();
}
