using AgentApp.Contracts;
using AgentApp.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure: containers, or in-process stand-ins when there is no container runtime (Infrastructure:Mode).
var cache = builder.AddRedis("cache").RunAsGarnetWhenLocal();
var kafka = builder.AddKafka("kafka")
    .WithTopics(new KafkaTopic(TaskTopics.Tasks, 6), new KafkaTopic(TaskTopics.Events, 3), new KafkaTopic(TaskTopics.DeadLetters, 1));
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

// Edge secrets: the api trusts identity headers only with the gateway's secret; the development key signs in locally.
var gatewaySecret = builder.AddGeneratedSecret(EdgeSecretExtensions.GatewaySecretName);
var devApiKey = builder.AddGeneratedSecret(EdgeSecretExtensions.DevApiKeyName);

// Services
var actors = builder.AddProject<Projects.AgentApp_Actors>("actors")
    .WithDaprSidecar(dapr => dapr.WithReference(stateStore))
    .WithReference(kafka) // the approval workflow puts approved tasks back on the tasks topic
    .WaitFor(cache)
    .WithHttpHealthCheck("/health");

var api = builder.AddProject<Projects.AgentApp_Api>("api")
#if (!UseOffline)
    .WithChatModel(chat)
#endif
    .WithReference(kafka).WaitFor(kafka)
    .WithDaprSidecar()
    .WithGatewaySecret(gatewaySecret)
    .WaitFor(actors)
    .WithHttpHealthCheck("/health");

builder.AddProject<Projects.AgentApp_Worker>("worker")
#if (!UseOffline)
    .WithChatModel(chat)
#endif
    .WithReference(kafka).WaitFor(kafka)
    .WithDaprSidecar()
    .WaitFor(actors)
    .WithHttpHealthCheck("/health");

// Edge: the only external endpoint.
builder.AddProject<Projects.AgentApp_Gateway>("gateway")
    .WithReference(api).WaitFor(api)
    .WithReference(cache).WaitFor(cache)
    .WithGatewaySecret(gatewaySecret)
    .WithDevelopmentApiKey(devApiKey)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithGatewayUrlLog(devApiKey);

builder.Build().Run();
