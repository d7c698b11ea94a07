using AgentApp.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Eventing;
using Aspire.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace AgentApp.Tests.Hosting.Dapr;

/// <summary>Run mode with daprd installed: daprd, placement and scheduler as executables, wired by allocated ports.</summary>
public sealed class DaprRunModeTests : IDisposable
{
    private const string OtlpKey = "ASPIRE_DASHBOARD_OTLP_ENDPOINT_URL";
    private readonly DaprTestHost _host = new();

    [Fact]
    public void Sidecar_runs_as_daprd_beside_one_placement_and_one_scheduler_from_the_same_folder()
    {
        var model = DaprAgentModel.Create(_host.RunModeWithDaprd());
        var binaries = Path.Combine(_host.Scratch, "slim");

        Assert.Equal(Path.Combine(binaries, "daprd"), model.Daprd.Command);
        Assert.Equal(Path.Combine(binaries, "placement"), model.Executable("dapr-placement").Command);
        Assert.Equal(Path.Combine(binaries, "scheduler"), model.Executable("dapr-scheduler").Command);
        Assert.Equal("actors-daprd", model.Daprd.Name);
        Assert.Same(model.Sidecar, model.Daprd.Sidecar);
        Assert.Equal(3, model.Builder.Resources.Count(DaprTestHost.RunsDapr));
        Assert.Equal(model.Actors.Resource, Parent(model.Sidecar));
        Assert.Equal(model.Sidecar, Parent(model.Daprd));
    }

    [Fact]
    public void Daprd_and_control_plane_ports_are_allocated_and_not_proxied()
    {
        var model = DaprAgentModel.Create(_host.RunModeWithDaprd());

        foreach (var resource in new[] { model.Daprd, model.Executable("dapr-placement"), model.Executable("dapr-scheduler") })
        {
            var endpoints = resource.Annotations.OfType<EndpointAnnotation>().ToList();
            Assert.NotEmpty(endpoints);
            Assert.All(endpoints, e =>
            {
                Assert.False(e.IsProxied, $"{resource.Name}/{e.Name} is proxied");
                Assert.Null(e.Port);
            });
        }

        Assert.Equal(["http", "grpc", "metrics"], model.Daprd.Annotations.OfType<EndpointAnnotation>().Select(e => e.Name));
    }

    [Fact]
    public async Task Daprd_arguments_point_at_the_app_target_port_its_own_ports_and_the_control_plane()
    {
        var model = DaprAgentModel.Create(_host.RunModeWithDaprd());
        model.AllocateEndpoints();
        await using var app = model.Builder.Build();

        var args = await ResolveDaprdArgsAsync(app, model);

        Assert.Equal("actors", DaprTestHost.Arg(args, "--app-id"));
        Assert.Equal("6000", DaprTestHost.Arg(args, "--app-port"));
        Assert.Equal("http", DaprTestHost.Arg(args, "--app-protocol"));
        Assert.Equal(Port(model.Daprd, "http"), DaprTestHost.Arg(args, "--dapr-http-port"));
        Assert.Equal(Port(model.Daprd, "grpc"), DaprTestHost.Arg(args, "--dapr-grpc-port"));
        Assert.Equal(Port(model.Daprd, "metrics"), DaprTestHost.Arg(args, "--metrics-port"));
        Assert.Equal($"localhost:{Port(model.Executable("dapr-placement"), "grpc")}", DaprTestHost.Arg(args, "--placement-host-address"));
        Assert.Equal($"localhost:{Port(model.Executable("dapr-scheduler"), "grpc")}", DaprTestHost.Arg(args, "--scheduler-host-address"));
        Assert.Equal("info", DaprTestHost.Arg(args, "--log-level"));
        Assert.True(Directory.Exists(DaprTestHost.Arg(args, "--resources-path")));
        Assert.True(File.Exists(DaprTestHost.Arg(args, "--config")));
        Assert.Equal(22, args.Length);
    }

    [Fact]
    public async Task Options_set_the_app_id_and_log_level()
    {
        var model = DaprAgentModel.Create(_host.RunModeWithDaprd(), new DaprSidecarOptions { AppId = "agent-actors", LogLevel = "debug" });
        model.AllocateEndpoints();
        await using var app = model.Builder.Build();

        var args = await ResolveDaprdArgsAsync(app, model);

        Assert.Equal("agent-actors", DaprTestHost.Arg(args, "--app-id"));
        Assert.Equal("debug", DaprTestHost.Arg(args, "--log-level"));
    }

    [Fact]
    public async Task App_is_pointed_at_its_sidecar()
    {
        var model = DaprAgentModel.Create(_host.RunModeWithDaprd());
        model.AllocateEndpoints();
        await using var app = model.Builder.Build();

        var env = await DaprTestHost.EnvAsync(app, model.Actors.Resource);

        Assert.Equal($"http://localhost:{Port(model.Daprd, "http")}", env["DAPR_HTTP_ENDPOINT"]);
        Assert.Equal($"http://localhost:{Port(model.Daprd, "grpc")}", env["DAPR_GRPC_ENDPOINT"]);
        Assert.Equal(Port(model.Daprd, "http"), env["DAPR_HTTP_PORT"]);
        Assert.Equal(Port(model.Daprd, "grpc"), env["DAPR_GRPC_PORT"]);
        Assert.DoesNotContain(model.Actors.Resource.Annotations.OfType<WaitAnnotation>(), w => w.Resource is DaprSidecarResource or DaprdResource);
    }

    [Fact]
    public async Task State_store_yaml_is_a_valid_redis_component_that_keeps_actor_state()
    {
        var model = DaprAgentModel.Create(_host.RunModeWithDaprd());
        model.AllocateEndpoints();
        await using var app = model.Builder.Build();

        var components = DaprTestHost.Arg(await ResolveDaprdArgsAsync(app, model), "--resources-path");

        var file = Assert.Single(Directory.GetFiles(components));
        Assert.Equal("statestore.yaml", Path.GetFileName(file));
        var component = DaprTestHost.ReadYaml(file);
        DaprTestHost.AssertValidComponent(component);
        Assert.Equal("statestore", (string?)component["metadata"]!["name"]);
        Assert.Equal("state.redis", (string?)component["spec"]!["type"]);
        Assert.Equal("v1", (string?)component["spec"]!["version"]);
        var metadata = DaprTestHost.Metadata(component);
        Assert.Equal(["redisHost", "redisPassword", "actorStateStore"], metadata.Keys);
        Assert.Equal($"localhost:{Port(model.Cache.Resource, "tcp")}", (string?)metadata["redisHost"]);
        Assert.Equal("s3cret", (string?)metadata["redisPassword"]);

        // A plain `true` would be read as a boolean (JsonValue<bool>) and fail here.
        Assert.Equal("true", metadata["actorStateStore"]!.GetValue<string>());
    }

    [Fact]
    public async Task Any_redis_connection_string_works_and_tls_without_password_is_rendered()
    {
        var builder = _host.RunModeWithDaprd(("ConnectionStrings:redis", "redis.internal:6380,ssl=True,abortConnect=false"));
        var redis = builder.AddConnectionString("redis");
        var pubsub = builder.AddDaprPubSub("pubsub").WithRedis(redis);
        builder.AddProject("worker", DaprTestHost.ActorsProjectPath).WithHttpEndpoint().WithDaprSidecar(s => s.WithReference(pubsub));
        var model = new DaprAgentModel(builder, null!, pubsub, builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single()));
        model.AllocateEndpoints();
        await using var app = model.Builder.Build();

        var components = DaprTestHost.Arg(await ResolveDaprdArgsAsync(app, model), "--resources-path");

        var component = DaprTestHost.ReadYaml(Path.Combine(components, "pubsub.yaml"));
        DaprTestHost.AssertValidComponent(component);
        Assert.Equal("pubsub.redis", (string?)component["spec"]!["type"]);
        var metadata = DaprTestHost.Metadata(component);
        Assert.Equal(["redisHost", "enableTLS"], metadata.Keys);
        Assert.Equal("redis.internal:6380", (string?)metadata["redisHost"]);
        Assert.Equal("true", metadata["enableTLS"]!.GetValue<string>());
    }

    [Fact]
    public async Task A_Kafka_backed_pub_sub_yaml_reads_its_brokers_from_the_Kafka_connection_string()
    {
        var builder = _host.RunModeWithDaprd(("ConnectionStrings:kafka", "broker-1:9092,broker-2:9092"));
        var kafka = builder.AddConnectionString("kafka");
        var events = builder.AddDaprPubSub("agent-events").WithKafka(kafka);
        builder.AddProject("worker", DaprTestHost.ActorsProjectPath).WithHttpEndpoint().WithDaprSidecar(s => s.WithReference(events));
        var model = new DaprAgentModel(builder, null!, events, builder.CreateResourceBuilder(builder.Resources.OfType<ProjectResource>().Single()));
        model.AllocateEndpoints();
        await using var app = model.Builder.Build();

        var components = DaprTestHost.Arg(await ResolveDaprdArgsAsync(app, model), "--resources-path");

        var component = DaprTestHost.ReadYaml(Path.Combine(components, "agent-events.yaml"));
        DaprTestHost.AssertValidComponent(component);
        Assert.Equal("pubsub.kafka", (string?)component["spec"]!["type"]);
        var metadata = DaprTestHost.Metadata(component);
        Assert.Equal(["brokers", "authType"], metadata.Keys);
        Assert.Equal("broker-1:9092,broker-2:9092", (string?)metadata["brokers"]);
        Assert.Equal("none", (string?)metadata["authType"]);
        Assert.Throws<DistributedApplicationException>(() => builder.AddDaprStateStore("not-a-pubsub").WithKafka(kafka));
    }

    [Fact]
    public async Task Configuration_exports_traces_to_the_dashboard_otlp_endpoint()
    {
        var model = DaprAgentModel.Create(_host.RunModeWithDaprd((OtlpKey, "http://localhost:4317")));
        model.AllocateEndpoints();
        await using var app = model.Builder.Build();

        var config = DaprTestHost.ReadYaml(DaprTestHost.Arg(await ResolveDaprdArgsAsync(app, model), "--config"));

        Assert.Equal("dapr.io/v1alpha1", (string?)config["apiVersion"]);
        Assert.Equal("Configuration", (string?)config["kind"]);
        var tracing = config["spec"]!["tracing"]!;
        Assert.Equal("1", tracing["samplingRate"]!.GetValue<string>());
        Assert.Equal("localhost:4317", (string?)tracing["otel"]!["endpointAddress"]);
        Assert.False(tracing["otel"]!["isSecure"]!.GetValue<bool>());
        Assert.Equal("grpc", (string?)tracing["otel"]!["protocol"]);
    }

    [Fact]
    public async Task Configuration_has_no_tracing_without_a_dashboard()
    {
        var model = DaprAgentModel.Create(_host.RunModeWithDaprd((OtlpKey, null)));
        model.AllocateEndpoints();
        await using var app = model.Builder.Build();

        var config = DaprTestHost.ReadYaml(DaprTestHost.Arg(await ResolveDaprdArgsAsync(app, model), "--config"));

        Assert.Equal("Configuration", (string?)config["kind"]);
        Assert.Null(config["spec"]!["tracing"]);
    }

    [Fact]
    public async Task A_custom_configuration_file_replaces_the_generated_one()
    {
        var custom = Path.Combine(_host.Scratch, "appconfig.yaml");
        var model = DaprAgentModel.Create(_host.RunModeWithDaprd(), new DaprSidecarOptions { Config = custom });
        model.AllocateEndpoints();
        await using var app = model.Builder.Build();

        Assert.Equal(custom, DaprTestHost.Arg(await ResolveDaprdArgsAsync(app, model), "--config"));
    }

    [Fact]
    public async Task Placement_and_scheduler_listen_on_allocated_ports_only()
    {
        var model = DaprAgentModel.Create(_host.RunModeWithDaprd());
        model.AllocateEndpoints();
        var placement = model.Executable("dapr-placement");
        var scheduler = model.Executable("dapr-scheduler");
        await using var app = model.Builder.Build();

        var placementArgs = await DaprTestHost.ArgsAsync(app, placement);
        var schedulerArgs = await DaprTestHost.ArgsAsync(app, scheduler);
        var dataDir = DaprTestHost.Arg(schedulerArgs, "--etcd-data-dir");
        _host.DeleteLater(Path.GetDirectoryName(dataDir)!);

        Assert.Equal(
            ["--port", Port(placement, "grpc"), "--healthz-port", Port(placement, "healthz"), "--metrics-port", Port(placement, "metrics"),
             "--initial-cluster", $"dapr-placement-0=127.0.0.1:{Port(placement, "raft")}"],
            placementArgs);
        Assert.Equal(Port(scheduler, "grpc"), DaprTestHost.Arg(schedulerArgs, "--port"));
        Assert.Equal(Port(scheduler, "healthz"), DaprTestHost.Arg(schedulerArgs, "--healthz-port"));
        Assert.Equal(Port(scheduler, "metrics"), DaprTestHost.Arg(schedulerArgs, "--metrics-port"));
        Assert.Equal(Port(scheduler, "etcd-client"), DaprTestHost.Arg(schedulerArgs, "--etcd-client-port"));
        Assert.Equal($"dapr-scheduler-server-0=http://127.0.0.1:{Port(scheduler, "etcd-peer")}", DaprTestHost.Arg(schedulerArgs, "--etcd-initial-cluster"));
        Assert.Equal($"127.0.0.1:{Port(scheduler, "grpc")}", DaprTestHost.Arg(schedulerArgs, "--override-broadcast-host-port"));
        Assert.True(Directory.Exists(dataDir));
    }

    [Fact]
    public void Two_sidecars_share_one_control_plane()
    {
        var model = DaprAgentModel.Create(_host.RunModeWithDaprd());
        model.Builder.AddProject("api", DaprTestHost.ActorsProjectPath).WithHttpEndpoint().WithDaprSidecar();

        Assert.Equal(["actors-daprd", "api-daprd"], model.Builder.Resources.OfType<DaprdResource>().Select(d => d.Name));
        Assert.Single(model.Builder.Resources, r => r.Name == "dapr-placement");
        Assert.Single(model.Builder.Resources, r => r.Name == "dapr-scheduler");
    }

    [Fact]
    public void Daprd_is_found_on_path_and_in_the_dapr_home_folder()
    {
        var onPath = _host.StageDaprBinaries("path");
        var home = Path.Combine(_host.Scratch, "home");
        _host.StageDaprBinaries(Path.Combine("home", ".dapr", "bin"));
        var empty = Directory.CreateDirectory(Path.Combine(_host.Scratch, "nothing")).FullName;

        var viaPath = DaprAgentModel.Create(_host.RunModeWithoutDaprd(("PATH", empty + Path.PathSeparator + onPath)));
        var viaHome = DaprAgentModel.Create(_host.RunModeWithoutDaprd(("HOME", home)));

        Assert.Equal(Path.Combine(onPath, "daprd"), viaPath.Daprd.Command);
        Assert.Equal(Path.Combine(home, ".dapr", "bin", "daprd"), viaHome.Daprd.Command);
    }

    [Fact]
    public async Task At_start_daprd_waits_for_the_services_its_components_use()
    {
        var model = DaprAgentModel.Create(RunModeWithFakeDcp());
        await using var app = model.Builder.Build();

        await PublishBeforeStartAsync(app);

        Assert.Contains(model.Daprd.Annotations.OfType<WaitAnnotation>(), w => w.Resource == model.Cache.Resource && w.WaitType == WaitType.WaitUntilHealthy);
        Assert.Equal(["dapr-placement", "dapr-scheduler", "cache"], model.Daprd.Annotations.OfType<WaitAnnotation>().Select(w => w.Resource.Name));
    }

    [Fact]
    public async Task At_start_the_app_gets_a_concrete_target_port_that_daprd_calls()
    {
        var model = DaprAgentModel.Create(RunModeWithFakeDcp());
        model.AllocateEndpoints();
        await using var app = model.Builder.Build();
        var http = model.Actors.Resource.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == "http");
        Assert.Null(http.TargetPort);

        await PublishBeforeStartAsync(app);
        var args = await ResolveDaprdArgsAsync(app, model);

        // DCP would otherwise hand daprd an unresolved {{ portForServing }} template.
        Assert.NotNull(http.TargetPort);
        Assert.True(http.IsProxied);
        Assert.Equal(http.TargetPort.Value.ToString(System.Globalization.CultureInfo.InvariantCulture), DaprTestHost.Arg(args, "--app-port"));
    }

    [Fact]
    public async Task The_run_folder_is_deleted_when_the_apphost_stops()
    {
        var model = DaprAgentModel.Create(RunModeWithFakeDcp());
        model.AllocateEndpoints();
        await using var app = model.Builder.Build();
        var root = Path.GetDirectoryName(Path.GetDirectoryName(DaprTestHost.Arg(await ResolveDaprdArgsAsync(app, model), "--resources-path")))!;
        Assert.True(Directory.Exists(root));

        await PublishBeforeStartAsync(app);
        await app.StopAsync();

        Assert.False(Directory.Exists(root), $"{root} is still there");
    }

    public void Dispose() => _host.Dispose();

    private static Task PublishBeforeStartAsync(DistributedApplication app) =>
        app.Services.GetRequiredService<IDistributedApplicationEventing>()
            .PublishAsync(new BeforeStartEvent(app.Services, app.Services.GetRequiredService<DistributedApplicationModel>()));

    // Aspire's own BeforeStart handlers want DCP paths; they are read, never run, before the AppHost starts.
    private IDistributedApplicationBuilder RunModeWithFakeDcp()
    {
        var fake = Path.Combine(_host.StageDaprBinaries("slim"), "daprd");
        return _host.RunModeWithDaprd(("DcpPublisher:CliPath", fake), ("DcpPublisher:DashboardPath", fake));
    }

    private static string Port(IResource resource, string endpoint) => DaprAgentModel.Port(resource, endpoint).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static IResource? Parent(IResource resource) =>
        resource.Annotations.OfType<ResourceRelationshipAnnotation>().SingleOrDefault(r => r.Type == "Parent")?.Resource;

    private async Task<string[]> ResolveDaprdArgsAsync(DistributedApplication app, DaprAgentModel model)
    {
        var args = await DaprTestHost.ArgsAsync(app, model.Daprd);

        // The run folder is <root>/<sidecar>/components; the AppHost deletes <root> when it stops, the test does here.
        _host.DeleteLater(Path.GetDirectoryName(Path.GetDirectoryName(DaprTestHost.Arg(args, "--resources-path")))!);
        return args;
    }
}
