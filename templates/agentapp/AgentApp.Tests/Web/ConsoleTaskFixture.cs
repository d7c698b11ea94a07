using AgentApp.Api.Tasks;
using AgentApp.Contracts;
using AgentApp.Messaging;
using Microsoft.Extensions.DependencyInjection;

namespace AgentApp.Tests.Web;

/// <summary>
/// The console process → the api on Kestrel (fast event polling) → fake sidecar → actors app: the task views need Dapr
/// actors, so they run against the same backend as the task endpoint tests. The queue and the workflow engine are recorded;
/// the test moves the task along as the worker and the approval workflow would, through <see cref="Actor"/>.
/// </summary>
public sealed class ConsoleTaskFixture : IAsyncLifetime
{
    private TaskActorsBackend? _backend;
    private ApiFactory? _api;
    private ConsoleProcess? _console;

    /// <summary>The key the console signs in with (Development): it must stay on the server.</summary>
    public const string DevelopmentKey = "console-test-key-0123456789";

    /// <summary>The approval decisions the api handed to the workflow engine.</summary>
    public RecordingTaskApprovals Approvals { get; } = new();

    /// <summary>The console's address.</summary>
    public Uri Console => (_console ?? throw new InvalidOperationException("not started")).Address;

    /// <summary>The console's output so far, for failure messages.</summary>
    public string ConsoleOutput => _console?.Output ?? "";

    /// <summary>Task <paramref name="id"/>'s actor, as the worker and workflow call it.</summary>
    public ITaskActor Actor(string id) => (_backend ?? throw new InvalidOperationException("not started")).Actor(id);

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (BrowserFactAttribute.Chromium is null)
        {
            return; // every test here is skipped
        }

        _backend = await TaskActorsBackend.StartAsync(TimeProvider.System);
        (_api, var api) = _backend.StartStreamingApi(services =>
        {
            services.AddSingleton<ITaskQueue>(new RecordingTaskQueue());
            services.AddSingleton<ITaskApprovalWorkflows>(Approvals);
        });
        _console = await ConsoleProcess.StartAsync(api, DevelopmentKey);
    }

    /// <inheritdoc />
    public async Task DisposeAsync() => await Disposal.InOrderAsync(_console, _api, _backend);
}
