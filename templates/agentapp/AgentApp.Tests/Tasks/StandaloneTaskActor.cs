using AgentApp.Actors.Tasks;
using AgentApp.Actors.Tasks.Retention;
using Dapr.Actors;
using Dapr.Actors.Runtime;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Moq;

namespace AgentApp.Tests.Tasks;

/// <summary>
/// A <see cref="TaskActor"/> on <see cref="ActorHost.CreateForTest{TActor}(ActorTestOptions)"/>, no sidecar: its state
/// manager is a strict mock over <see cref="State"/>, so a test sees exactly what the actor saved; reminders land in
/// <see cref="Reminders"/>, workflow purges go to <see cref="Workflows"/>.
/// </summary>
public sealed class StandaloneTaskActor
{
    /// <summary>What the actor saved, by state key.</summary>
    public Dictionary<string, StoredTask> State { get; } = [];

    /// <summary>The reminders registered and not unregistered, by name.</summary>
    public Dictionary<string, ActorReminder> Reminders { get; } = [];

    /// <summary>What retention purges the task's workflow instances through.</summary>
    public Mock<ITaskWorkflowPurge> Workflows { get; } = new();

    /// <summary>The meters the actor's retention counts on.</summary>
    public IMeterFactory Meters { get; } = new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    /// <summary>The actor.</summary>
    public TaskActor Actor { get; }

    /// <summary>Task actor <paramref name="actorId"/> on <paramref name="clock"/>, keeping finished tasks per <paramref name="retention"/> (default settings without).</summary>
    public StandaloneTaskActor(string actorId, TimeProvider clock, TaskRetentionOptions? retention = null)
    {
        var stateManager = new Mock<IActorStateManager>(MockBehavior.Strict);
        stateManager.Setup(s => s.TryGetStateAsync<StoredTask>(TaskActor.StateKey, It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => State.TryGetValue(TaskActor.StateKey, out var value)
                ? new ConditionalValue<StoredTask>(true, value)
                : new ConditionalValue<StoredTask>(false, null!));
        stateManager.Setup(s => s.SetStateAsync(TaskActor.StateKey, It.IsAny<StoredTask>(), It.IsAny<CancellationToken>()))
            .Callback((string key, StoredTask value, CancellationToken _) => State[key] = value)
            .Returns(Task.CompletedTask);
        stateManager.Setup(s => s.RemoveStateAsync(TaskActor.StateKey, It.IsAny<CancellationToken>()))
            .Callback((string key, CancellationToken _) => State.Remove(key))
            .Returns(Task.CompletedTask);
        var timers = new Mock<ActorTimerManager>(MockBehavior.Strict);
        timers.Setup(t => t.RegisterReminderAsync(It.IsAny<ActorReminder>()))
            .Callback((ActorReminder reminder) => Reminders[reminder.Name] = reminder)
            .Returns(Task.CompletedTask);
        timers.Setup(t => t.UnregisterReminderAsync(It.IsAny<ActorReminderToken>()))
            .Callback((ActorReminderToken reminder) => Reminders.Remove(reminder.Name))
            .Returns(Task.CompletedTask);
        var host = ActorHost.CreateForTest<TaskActor>(new ActorTestOptions { ActorId = new ActorId(actorId), TimerManager = timers.Object });
        var taskRetention = new TaskRetention(Options.Create(retention ?? new TaskRetentionOptions()), Workflows.Object, Meters,
            NullLogger<TaskRetention>.Instance);
        Actor = new TaskActor(host, clock, taskRetention, stateManager.Object);
    }
}
