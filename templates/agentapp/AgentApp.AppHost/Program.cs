using AgentApp.Contracts;
using AgentApp.Hosting;

var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure: containers, or in-process stand-ins when there is no container runtime (Infrastructure:Mode).
var cache = builder.AddRedis("cache").RunAsGarnetWhenLocal();
var kafka = builder.AddKafka("kafka")
    .WithTopics(new KafkaTopic(TaskTopics.Tasks, 6), new KafkaTopic(TaskTopics.Events, 3), new KafkaTopic(TaskTopics.DeadLetters, 1));
var stateStore = builder.AddDaprStateStore("statestore").WithRedis(cache).AsActorStateStore();
// Agent events (every step and agent turn, as CloudEvents) for apps that follow runs through Dapr pub/sub: the worker's
// sidecar loads it beside the events it produces; a subscriber adds it to its own sidecar with WithReference(agentEvents).
var agentEvents = builder.AddDaprPubSub(AgentEventTypes.PubSubName).WithKafka(kafka);

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

// Edge secrets: the api trusts identity headers only with the gateway's secret; the development key signs in locally.
var gatewaySecret = builder.AddGeneratedSecret(EdgeSecretExtensions.GatewaySecretName);
var devApiKey = builder.AddGeneratedSecret(EdgeSecretExtensions.DevApiKeyName);

// Services
// Dapr roles decide where the actor state store is loaded: every app that hosts actors or takes part in workflows.
var actors = builder.AddProject<Projects.AgentApp_Actors>("actors")
    .WithDaprSidecar(dapr => dapr.WithReference(stateStore).WithActors())
    .WaitFor(cache)
    .WithHttpHealthCheck("/health");

// The worker hosts the agent task workflows (a task is one durable workflow): it alone registers and schedules them,
// through its own sidecar, whose engine keeps them in the actor state store. The others reach them through the worker:
// the api with approval decisions, the actors with retention's purges.
var worker = builder.AddProject<Projects.AgentApp_Worker>("worker")
    .WithChatModel(chat)
    .WithKafkaConsumer(kafka, TaskTopics.Tasks).WaitFor(kafka)
    .WithDaprSidecar(dapr => dapr.WithReference(stateStore).WithReference(agentEvents).HostsWorkflows())
    .WithReference(cache) // what tasks spend is debited from the tenants' token budgets, which the gateway keeps there
    .WaitFor(actors)
    .WithHttpHealthCheck("/health");
actors.WithDaprWorkflowsOf(worker);

var api = builder.AddProject<Projects.AgentApp_Api>("api")
    .WithChatModel(chat)
    .WithReference(kafka).WaitFor(kafka)
    .WithDaprSidecar()
    .WithDaprWorkflowsOf(worker)
    .WithGatewaySecret(gatewaySecret)
    .WaitFor(actors)
    .WithHttpHealthCheck("/health");
if (builder.ExecutionContext.IsRunMode)
{
    // Locally one development key both submits and approves; deployed, another person with 'tasks:approve' decides.
    api.WithEnvironment("Tasks__AllowSelfApproval", "true");
}

// Edge: the only external endpoint.
var gateway = builder.AddProject<Projects.AgentApp_Gateway>("gateway")
    .WithReference(api).WaitFor(api)
    .WithReference(cache).WaitFor(cache)
    .WithGatewaySecret(gatewaySecret)
    .WithDevelopmentApiKey(devApiKey)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithGatewayUrlLog(devApiKey);

// Apps: the web console, served by the gateway at / and calling the api through it like any other client.
builder.AddProject<Projects.AgentApp_Web>("web")
    .BehindGateway(gateway)
    .WithConsoleDevelopmentKey(devApiKey)
    .WithHttpHealthCheck("/health");

builder.Build().Run();
