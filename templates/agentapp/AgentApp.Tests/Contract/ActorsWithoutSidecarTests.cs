using System.Net;
using System.Text.Json.Nodes;
using AgentApp.Tests.Support;
using Dapr.Workflow;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace AgentApp.Tests.Contract;

/// <summary>The actors service hosts the approval workflow, yet starts and stays ready with no sidecar at all (shared notes, dapr.md).</summary>
public sealed class ActorsWithoutSidecarTests
{
    [Fact]
    public async Task The_actors_service_is_healthy_without_a_sidecar_while_its_workflow_runtime_waits_for_one()
    {
        await using var factory = new ActorsFactory(Loopback.ClosedPortUrl(), TimeProvider.System);
        await using var actors = factory.WithWebHostBuilder(b => b.UseSetting("DAPR_GRPC_ENDPOINT", Loopback.ClosedPortUrl()));
        using var client = actors.CreateClient();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        using var health = await client.GetAsync("/health", cts.Token);
        var config = JsonNode.Parse(await client.GetStringAsync("/dapr/config", cts.Token))!;

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Contains("TaskActor", config["entities"]!.AsArray().Select(e => e!.GetValue<string>()));
        // The workflow worker is running (and retrying in the background), not left out.
        Assert.Contains(actors.Services.GetServices<IHostedService>(), s => s.GetType().Assembly == typeof(DaprWorkflowClient).Assembly);
        using var again = await client.GetAsync("/health", cts.Token);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
    }
}
