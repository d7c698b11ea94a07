using AgentApp.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AgentApp.Tests.Hosting.Dapr;

/// <summary>Run mode without daprd: sidecars fail visibly with the fix, everything else still starts.</summary>
public sealed class DaprMissingTests : IDisposable
{
    private readonly DaprTestHost _host = new();

    [Fact]
    public void No_processes_are_added()
    {
        var model = DaprAgentModel.Create(_host.RunModeWithoutDaprd());

        Assert.DoesNotContain(model.Builder.Resources, DaprTestHost.RunsDapr);
        Assert.Empty(model.Builder.Resources.OfType<DaprdResource>());
        Assert.DoesNotContain(model.Builder.Resources, r => r.Name.StartsWith("dapr-", StringComparison.Ordinal));
        Assert.Equal("actors-dapr", model.Sidecar.Name);
    }

    [Fact]
    public void Sidecar_fails_to_start_with_the_install_hint()
    {
        var model = DaprAgentModel.Create(_host.RunModeWithoutDaprd());

        var snapshot = model.Sidecar.Annotations.OfType<ResourceSnapshotAnnotation>().Single().InitialSnapshot;

        Assert.Equal(KnownResourceStates.FailedToStart, snapshot.State?.Text);
        Assert.Equal(KnownResourceStateStyles.Error, snapshot.State?.Style);
        Assert.Equal(DaprTestHost.NotFoundHint, snapshot.Properties.Single(p => p.Name == "dapr.error").Value);
    }

    [Fact]
    public async Task App_gets_no_dapr_variables_and_waits_for_nothing_dapr()
    {
        var model = DaprAgentModel.Create(_host.RunModeWithoutDaprd());
        model.AllocateEndpoints();
        await using var app = model.Builder.Build();

        var env = await DaprTestHost.EnvAsync(app, model.Actors.Resource);

        Assert.DoesNotContain(env.Keys, k => k.StartsWith("DAPR_", StringComparison.Ordinal));
        Assert.DoesNotContain(model.Actors.Resource.Annotations.OfType<WaitAnnotation>(), w => w.Resource is DaprSidecarResource);
    }

    [Fact]
    public async Task Hint_is_written_to_the_sidecar_log_when_the_dashboard_initialises_it()
    {
        var model = DaprAgentModel.Create(_host.RunModeWithoutDaprd());
        await using var app = model.Builder.Build();
        var eventing = app.Services.GetRequiredService<IDistributedApplicationEventing>();
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        var notifications = app.Services.GetRequiredService<ResourceNotificationService>();

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var hintLogged = FirstLineAsync(logs, model.Sidecar, l => l.Contains(DaprTestHost.NotFoundHint, StringComparison.Ordinal), timeout.Token);

        await eventing.PublishAsync(new InitializeResourceEvent(model.Sidecar, eventing, logs, notifications, app.Services));

        Assert.Contains(DaprTestHost.NotFoundHint, await hintLogged, StringComparison.Ordinal);
        Assert.True(notifications.TryGetCurrentState("actors-dapr", out var current));
        Assert.Equal(KnownResourceStates.FailedToStart, current.Snapshot.State?.Text);
        Assert.Equal("statestore", current.Snapshot.Properties.Single(p => p.Name == "dapr.components").Value);
    }

    [Fact]
    public void A_configured_daprd_path_that_does_not_exist_is_named_in_the_error()
    {
        var missing = Path.Combine(_host.Scratch, "nowhere", "daprd");
        var model = DaprAgentModel.Create(_host.RunModeWithoutDaprd(("Dapr:DaprdPath", missing)));

        var error = model.Sidecar.Annotations.OfType<ResourceSnapshotAnnotation>().Single().InitialSnapshot.Properties.Single(p => p.Name == "dapr.error").Value as string;

        Assert.Equal($"daprd not found at '{missing}' (Dapr:DaprdPath): install the Dapr CLI and run 'dapr init --slim' (no Docker needed), or correct Dapr:DaprdPath", error);
        Assert.DoesNotContain(model.Builder.Resources, DaprTestHost.RunsDapr);
        Assert.Empty(model.Builder.Resources.OfType<DaprdResource>());
    }

    [Fact]
    public void Daprd_without_placement_and_scheduler_is_not_enough()
    {
        var folder = _host.StageDaprBinaries("daprd-only", "daprd");
        var model = DaprAgentModel.Create(_host.RunModeWithoutDaprd(("DAPR_INSTALL_DIR", folder)));

        var error = model.Sidecar.Annotations.OfType<ResourceSnapshotAnnotation>().Single().InitialSnapshot.Properties.Single(p => p.Name == "dapr.error").Value as string;

        Assert.Equal($"daprd found in '{folder}' but not placement or scheduler: install the Dapr CLI and run 'dapr init --slim' (no Docker needed)", error);
        Assert.DoesNotContain(model.Builder.Resources, DaprTestHost.RunsDapr);
        Assert.Empty(model.Builder.Resources.OfType<DaprdResource>());
    }

    public void Dispose() => _host.Dispose();

    // Subscribed before the event is published, so the line is seen whether or not the logger keeps a backlog.
    private static Task<string> FirstLineAsync(ResourceLoggerService logs, IResource resource, Func<string, bool> match, CancellationToken cancellationToken)
    {
        var stream = logs.WatchAsync(resource).WithCancellation(cancellationToken).GetAsyncEnumerator();
        var first = stream.MoveNextAsync();
        return Task.Run(async () =>
        {
            await using (stream)
            {
                for (var more = await first; more; more = await stream.MoveNextAsync())
                {
                    if (stream.Current.FirstOrDefault(l => match(l.Content)) is { } line)
                    {
                        return line.Content;
                    }
                }
            }

            throw new InvalidOperationException($"The log of '{resource.Name}' ended without a matching line.");
        }, cancellationToken);
    }
}
