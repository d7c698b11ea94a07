using AgentApp.Tests.Support;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace AgentApp.Tests.Web;

/// <summary>
/// The console process → the api on Kestrel (fast event polling) → the whole task path the task tests use: Kafka (the
/// mock over TCP), the worker running each task as a workflow on the in-memory engine, the actors behind the fake sidecar.
/// Approvals decided in the page reach that workflow.
/// </summary>
public sealed class ConsoleTaskFixture : IAsyncLifetime
{
    private readonly ConsoleBackend _backend = new();
    private ConsoleProcess? _console;

    /// <summary>The key the console signs in with (Development): it must stay on the server.</summary>
    public const string DevelopmentKey = "console-test-key-0123456789";

    /// <summary>The task path behind the console.</summary>
    public TaskWorkerFixture Backend => _backend;

    /// <summary>The console's address.</summary>
    public Uri Console => (_console ?? throw new InvalidOperationException("not started")).Address;

    /// <summary>The console's output so far, for failure messages.</summary>
    public string ConsoleOutput => _console?.Output ?? "";

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (BrowserFactAttribute.Chromium is null)
        {
            return; // every test here is skipped
        }

        await _backend.InitializeAsync();
        _console = await ConsoleProcess.StartAsync(_backend.ApiAddress, DevelopmentKey);
    }

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        await Disposal.InOrderAsync(_console);
        if (BrowserFactAttribute.Chromium is not null)
        {
            await _backend.DisposeAsync();
        }
    }

    private sealed class ConsoleBackend : TaskWorkerFixture
    {
        public Uri ApiAddress { get; private set; } = null!;

        protected override void Configure(WorkerFactory worker)
        {
            TaskActorsBackend.PollEventsFast(Api);
            // One development key submits and approves, as in a local run of the app.
            Api.Settings["Tasks:AllowSelfApproval"] = "true";
            Api.UseKestrelOnLoopback();
            Api.StartServer();
            ApiAddress = new Uri(Api.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        }
    }
}
