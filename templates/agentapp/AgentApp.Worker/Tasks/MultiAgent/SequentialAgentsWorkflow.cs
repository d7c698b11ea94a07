using AgentApp.Worker.Tasks.Durable;
using Dapr.Workflow;

namespace AgentApp.Worker.Tasks.MultiAgent;

/// <summary>
/// <c>sequential</c>: a hand-off chain. Each agent in turn gets the goal and every answer before its own; the last
/// agent's answer is the task's result. Each turn is an activity (<see cref="AgentTurnActivity"/>), so a restarted run
/// resumes at the first agent that had not answered.
/// </summary>
public sealed class SequentialAgentsWorkflow : Workflow<MultiAgentTaskInput, AgentTaskOutcome>
{
    /// <inheritdoc />
    public override async Task<AgentTaskOutcome> RunAsync(WorkflowContext context, MultiAgentTaskInput input)
    {
        var run = new AgentRun(context, input);
        if (!await run.StartAsync())
        {
            return AgentRun.Skipped;
        }

        List<AgentLine> said = [];
        foreach (var agent in input.Agents)
        {
            if (await run.TurnAsync(agent, said) is not { } turn)
            {
                return await run.EndAsync();
            }

            said.Add(new AgentLine(agent, turn.Text));
        }

        return await run.SucceedAsync(said[^1].Text);
    }
}
