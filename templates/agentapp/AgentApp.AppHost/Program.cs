var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure: containers, or in-process stand-ins when there is no container runtime (Infrastructure:Mode).
var cache = builder.AddRedis("cache").RunAsGarnetWhenLocal();
var kafka = builder.AddKafka("kafka")
    .WithTopics("agent-tasks:6", "agent-events:3", "agent-tasks-dlq:1");
var stateStore = builder.AddDaprStateStore("statestore").WithRedis(cache).AsActorStateStore();

// The chat model: the optional ConnectionStrings:chat (user secrets); without it the services run the built-in offline
// model and the AppHost logs what to set.
#if (UseOpenAI)
var chat = builder.AddChatModel(defaultProvider: ChatProviders.OpenAI);
#elif (UseAzureOpenAI)
var chat = builder.AddChatModel(defaultProvider: ChatProviders.AzureOpenAI);
#elif (UseOllama)
var chat = builder.AddChatModel(defaultProvider: ChatProviders.Ollama);
#else
var chat = builder.AddChatModel();
#endif

// Services
var actors = builder.AddProject<Projects.AgentApp_Actors>("actors")
    .WithDaprSidecar(dapr => dapr.WithReference(stateStore))
    .WithReference(kafka) // the approval workflow puts approved tasks back on agent-tasks
    .WaitFor(cache)
    .WithHttpHealthCheck("/health");

var api = builder.AddProject<Projects.AgentApp_Api>("api")
    .WithChatModel(chat)
    .WithReference(kafka).WaitFor(kafka)
    .WithDaprSidecar()
    .WaitFor(actors)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.AgentApp_Worker>("worker")
    .WithChatModel(chat)
    .WithReference(kafka).WaitFor(kafka)
    .WithDaprSidecar()
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
