using AgentApp.Contracts;
using AgentApp.Hosting;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Dapr.Workflow;
using Microsoft.Extensions.DependencyInjection;
using InvokedTaskApprovalWorkflows = AgentApp.Api.Tasks.InvokedTaskApprovalWorkflows;
using ITaskApprovalWorkflows = AgentApp.Api.Tasks.ITaskApprovalWorkflows;
using AgentApp.Tests.Hosting;

namespace AgentApp.Tests.Tasks.Durable;

/// <summary>
/// On Dapr a workflow runs in the app whose sidecar scheduled it. The app model and the manifest show that exactly one app
/// hosts the task workflows (the worker: it registers and schedules them, with the actor state store its engine needs),
/// that no app schedules a workflow it does not register, and that every other app reaches them through that app, never
/// through a workflow engine of its own. (That the worker runs what it schedules is shown by the task worker tests, where
/// it is the engine's only workflow app.)
/// </summary>
public sealed class WorkflowHostingTests
{
    [Fact]
    public async Task The_app_model_declares_one_workflow_host_and_every_other_app_reaches_it_by_invocation()
    {
        await using var appHost = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AgentApp_AppHost>(["--Infrastructure:Mode=Containers"]);

        var hosts = appHost.Resources.OfType<DaprSidecarResource>().Where(s => s.Annotations.OfType<DaprWorkflowHostAnnotation>().Any()).ToList();
        var host = Assert.Single(hosts);
        Assert.Equal("worker", host.Application.Name);
        Assert.Contains(host.Components, c => c.Name == "statestore");
        var clients = appHost.Resources.Where(r => r.Annotations.OfType<DaprWorkflowClientAnnotation>().Any()).ToList();
        Assert.Equal(["actors", "api"], clients.Select(r => r.Name).Order(StringComparer.Ordinal));
        var roles = appHost.Resources.OfType<DaprSidecarResource>().ToDictionary(s => s.Application.Name, s => s.Annotations.OfType<DaprAppRoleAnnotation>().Aggregate(DaprAppRoles.None, (all, r) => all | r.Roles));
        Assert.Equal(["worker"], roles.Where(r => r.Value.HasFlag(DaprAppRoles.SchedulesWorkflows)).Select(r => r.Key));
        Assert.All(roles.Where(r => r.Value.HasFlag(DaprAppRoles.SchedulesWorkflows)), r => Assert.True(r.Value.HasFlag(DaprAppRoles.RegistersWorkflows), r.Key));
        Assert.All(clients, c => Assert.Same(host, c.Annotations.OfType<DaprWorkflowClientAnnotation>().Single().Host));
    }

    [Fact]
    public async Task The_manifest_runs_workflows_only_in_the_host_and_points_the_others_at_its_app_id()
    {
        var manifest = await PublishedManifestTests.PublishAsync();
        var resources = manifest["resources"]!.AsObject();

        var sidecars = resources.Where(r => r.Value!["type"]!.GetValue<string>() == "dapr.v0").ToDictionary(r => r.Value!["dapr"]!["application"]!.GetValue<string>(),
            r => r.Value!["dapr"]!["roles"]?.AsArray().Select(x => x!.GetValue<string>()).ToList() ?? []);
        Assert.Equal(["worker"], sidecars.Where(s => s.Value.Contains("schedulesWorkflows") || s.Value.Contains("registersWorkflows")).Select(s => s.Key));
        Assert.Equal(["registersWorkflows", "schedulesWorkflows"], sidecars["worker"].Where(r => r.EndsWith("Workflows", StringComparison.Ordinal)).Order(StringComparer.Ordinal));
        Assert.Equal("worker", resources["worker-dapr"]!["dapr"]!["appId"]!.GetValue<string>());
        Assert.Contains("statestore", resources["worker-dapr"]!["dapr"]!["components"]!.AsArray().Select(c => c!.GetValue<string>()));
        Assert.Equal("worker", resources["api"]!["env"]!["Dapr__WorkflowAppId"]!.GetValue<string>());
        Assert.Equal("worker", resources["actors"]!["env"]!["Dapr__WorkflowAppId"]!.GetValue<string>());
    }

    [Fact]
    public async Task An_app_told_where_the_workflows_are_hands_decisions_there_and_has_no_workflow_client_of_its_own()
    {
        await using var api = new ApiFactory();
        api.Settings["Dapr:WorkflowAppId"] = "worker";

        Assert.IsType<InvokedTaskApprovalWorkflows>(api.Services.GetRequiredService<ITaskApprovalWorkflows>());
        Assert.Null(api.Services.GetService<DaprWorkflowClient>());
    }
}
