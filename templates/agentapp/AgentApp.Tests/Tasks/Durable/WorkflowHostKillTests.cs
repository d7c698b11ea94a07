namespace AgentApp.Tests.Tasks.Durable;

/// <summary>
/// The process that runs the task workflows is SIGKILLed mid-task and started again: the task completes from its last
/// completed step, and no model or tool call that had completed runs again (<see cref="WorkflowHostKill"/>).
/// </summary>
[Trait("Category", "Scale")]
public sealed class WorkflowHostKillTests
{
    [Fact]
    public async Task Killed_after_its_second_model_call_a_task_resumes_on_restart_and_reruns_no_completed_call()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        // The step after the second model call (recording the answer) is held until the worker is dead, then refused.
        await using var kill = await WorkflowHostKill.StartAsync("CompleteAsync");

        var (id, victimOutput) = await kill.SubmitAndKillAsync(new { goal = "what is 6 * 7?", conversationId = "kill-mid-task" },
            "AgentApp.Worker.Tasks.Durable", id => $"Task {id}: model call 2 done", cts.Token);
        await using var survivor = await kill.RestartUntilSucceededAsync(id);

        var all = victimOutput + string.Join("\n", survivor.Logs.Lines);
        Assert.Equal(1, WorkflowHostKill.Occurrences(all, $"Task {id}: model call 1 done"));
        Assert.Equal(1, WorkflowHostKill.Occurrences(all, $"Task {id}: model call 2 done"));
        Assert.Equal(1, WorkflowHostKill.Occurrences(all, $"Task {id}: tool call calculate done"));
        Assert.DoesNotContain(survivor.Logs.Lines, l => l.Contains($"Task {id}: model call", StringComparison.Ordinal));
        var task = await kill.Backend.Actor(id).GetAsync("development");
        Assert.NotNull(task);
        Assert.Equal(["started", "tool", "succeeded"], task.Steps.Select(s => s.Kind));
        Assert.Contains("42", task.Result!);
    }
}
