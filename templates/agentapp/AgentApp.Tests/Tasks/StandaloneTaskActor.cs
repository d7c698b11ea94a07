using AgentApp.Actors.Tasks;
using Dapr.Actors;
using Dapr.Actors.Runtime;
using Moq;

namespace AgentApp.Tests.Tasks;

/// <summary>
/// A <see cref="TaskActor"/> on <see cref="ActorHost.CreateForTest{TActor}(ActorTestOptions)"/>, no sidecar: its state
/// manager is a strict mock over <see cref="State"/>, so a test sees exactly what the actor saved.
/// </summary>
public sealed class StandaloneTaskActor
{
    /// <summary>What the actor saved, by state key.</summary>
    public Dictionary<string, TaskState> State { get; } = [];

    /// <summary>The actor.</summary>
    public TaskActor Actor { get; }

    /// <summary>Task actor <paramref name="actorId"/> on <paramref name="clock"/>.</summary>
    public StandaloneTaskActor(string actorId, TimeProvider clock)
    {
        var stateManager = new Mock<IActorStateManager>(MockBehavior.Strict);
        stateManager.Setup(s => s.TryGetStateAsync<TaskState>(TaskActor.StateKey, It.IsAny<CancellationToken>()))
            .ReturnsAsync(() => State.TryGetValue(TaskActor.StateKey, out var value)
                ? new ConditionalValue<TaskState>(true, value)
                : new ConditionalValue<TaskState>(false, null!));
        stateManager.Setup(s => s.SetStateAsync(TaskActor.StateKey, It.IsAny<TaskState>(), It.IsAny<CancellationToken>()))
            .Callback((string key, TaskState value, CancellationToken _) => State[key] = value)
            .Returns(Task.CompletedTask);
        var host = ActorHost.CreateForTest<TaskActor>(new ActorTestOptions { ActorId = new ActorId(actorId) });
        Actor = new TaskActor(host, clock, stateManager.Object);
    }
}
