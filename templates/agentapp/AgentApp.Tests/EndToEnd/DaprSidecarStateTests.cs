using AgentApp.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AgentApp.Tests.EndToEnd;

/// <summary>
/// Where <c>daprd</c> is installed the sidecars run beside the services; where it is not, each sidecar resource
/// must say how to fix it, and the services must have started anyway (the fixture waited for them to be healthy).
/// </summary>
[Collection(ContainerlessAppCollection.Name)]
[Trait("Category", "EndToEnd")]
public sealed class DaprSidecarStateTests(ContainerlessAppFixture fixture)
{
    public static readonly TheoryData<string> Sidecars = new() { "actors-dapr", "api-dapr", "worker-dapr" };

    [Theory]
    [MemberData(nameof(Sidecars))]
    public async Task Sidecar_runs_or_names_the_fix(string sidecar)
    {
        var model = fixture.App.Services.GetRequiredService<DistributedApplicationModel>();
        using var cts = new CancellationTokenSource(ContainerlessAppFixture.StartTimeout);

        if (model.Resources.OfType<DaprdResource>().Any())
        {
            await fixture.App.ResourceNotifications.WaitForResourceAsync(sidecar, KnownResourceStates.Running, cts.Token);
            return;
        }

        var state = await fixture.App.ResourceNotifications.WaitForResourceAsync(sidecar,
            e => e.Snapshot.Properties.Any(p => p.Name == "dapr.error"), cts.Token);
        Assert.Equal(KnownResourceStates.FailedToStart, state.Snapshot.State?.Text);
        var hint = state.Snapshot.Properties.Single(p => p.Name == "dapr.error").Value?.ToString();
        Assert.Contains("dapr init --slim", hint);
        Assert.Contains(sidecar[..^"-dapr".Length], model.Resources.OfType<ProjectResource>().Select(p => p.Name));
    }
}
