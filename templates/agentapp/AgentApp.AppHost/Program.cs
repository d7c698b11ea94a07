var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure: containers, or in-process stand-ins when there is no container runtime (Infrastructure:Mode).
var cache = builder.AddRedis("cache").RunAsGarnetWhenLocal();
var kafka = builder.AddKafka("kafka")
    .WithTopics("agent-tasks:6", "agent-events:3", "agent-tasks-dlq:1");
var stateStore = builder.AddDaprStateStore("statestore").WithRedis(cache).AsActorStateStore();
#if (!UseOffline)

// The chat model: ConnectionStrings:chat in the AppHost's user secrets (see README); the provider is the one chosen at `dotnet new`.
#endif
#if (UseOpenAI)
var chat = builder.AddConnectionString("chat").AsChatModel(ChatProviders.OpenAI);
#elif (UseAzureOpenAI)
var chat = builder.AddConnectionString("chat").AsChatModel(ChatProviders.AzureOpenAI);
#elif (UseOllama)
var chat = builder.AddConnectionString("chat").AsChatModel(ChatProviders.Ollama);
#endif

// Services
var actors = builder.AddProject<Projects.AgentApp_Actors>("actors")
    .WithDaprSidecar(dapr => dapr.WithReference(stateStore))
    .WithReference(kafka) // the approval workflow puts approved tasks back on agent-tasks
    .WaitFor(cache)
    .WithHttpHealthCheck("/health");

// The worker hosts the agent task workflows (a task is one durable workflow): it alone registers and schedules them,
// through its own sidecar, whose engine keeps them in the actor state store. The api reaches them through the worker.
var worker = builder.AddProject<Projects.AgentApp_Worker>("worker")
#if (!UseOffline)
    .WithChatModel(chat)
#endif
    .WithReference(kafka).WaitFor(kafka)
    .WithDaprSidecar(dapr => dapr.WithReference(stateStore).HostsWorkflows())
    .WithEnvironment("Tasks__Runner", "Workflow")
    .WaitFor(actors)
    .WithHttpHealthCheck("/health");

var api = builder.AddProject<Projects.AgentApp_Api>("api")
#if (!UseOffline)
    .WithChatModel(chat)
#endif
    .WithReference(kafka).WaitFor(kafka)
    .WithDaprSidecar()
    .WithDaprWorkflowsOf(worker)
    .WaitFor(actors)
    .WithHttpHealthCheck("/health");

// Edge: the only external endpoint. The api trusts identity headers only with the gateway's secret.
var gatewaySecret = builder.AddGeneratedSecret("gateway-secret");
var devApiKey = builder.AddGeneratedSecret("dev-api-key");
builder.AddProject<Projects.AgentApp_Gateway>("gateway")
    .WithReference(api).WaitFor(api)
    .WithReference(cache).WaitFor(cache)
    .WithGatewaySecret(gatewaySecret, api)
    .WithDevelopmentApiKey(devApiKey)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithGatewayUrlLog(devApiKey);

builder.Build().Run();
