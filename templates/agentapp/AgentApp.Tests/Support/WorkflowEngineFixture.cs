using AgentApp.Workflows.InMemory;

namespace AgentApp.Tests.Support;

/// <summary>One in-memory workflow engine per test class; tests keep apart by instance id.</summary>
public sealed class WorkflowEngineFixture : IAsyncLifetime
{
    private InMemoryWorkflowEngine? _engine;

    /// <summary>The engine.</summary>
    public InMemoryWorkflowEngine Engine => _engine ?? throw new InvalidOperationException("not started");

    /// <inheritdoc />
    public async Task InitializeAsync() => _engine = await InMemoryWorkflowEngine.StartAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (_engine is not null)
        {
            await _engine.DisposeAsync();
        }
    }
}
