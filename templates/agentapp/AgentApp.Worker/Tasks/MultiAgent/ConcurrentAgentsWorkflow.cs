using AgentApp.Worker.Tasks.Durable;
using Dapr.Workflow;

namespace AgentApp.Worker.Tasks.MultiAgent;

/// <summary>
/// <c>concurrent</c>: fan-out, then fan-in. Every agent of the team answers the goal at the same time (one activity
/// each, scheduled together); once all have answered, the aggregator gets all their answers and writes the result.
/// A restarted run re-asks only the agents whose answers the engine had not recorded.
/// </summary>
public sealed class ConcurrentAgentsWorkflow : Workflow<MultiAgentTaskInput, AgentTaskOutcome>
{
    /// <inheritdoc />
    public override async Task<AgentTaskOutcome> RunAsync(WorkflowContext context, MultiAgentTaskInput input)
    {
        var run = new AgentRun(context, input);
        if (!await run.StartAsync())
        {
            return AgentRun.Skipped;
        }

        var answers = await Task.WhenAll(input.Agents.Select(agent => run.TurnAsync(agent, [])));
        if (run.Stopped)
        {
            return await run.EndAsync();
        }

        var said = answers.Select(a => new AgentLine(a!.Agent, a.Text)).ToList();
        return await run.TurnAsync(input.Aggregator, said) is { } merged
            ? await run.SucceedAsync(merged.Text)
            : await run.EndAsync();
    }
}
