var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure
var cache = builder.AddRedis("cache").RunAsGarnetWhenLocal();
var kafka = builder.AddKafka("kafka")
    .WithTopics("agent-tasks:6", "agent-events:3", "agent-tasks-dlq:1");

// Services
var actors = builder.AddProject<Projects.AgentApp_Actors>("actors")
    .WithReference(cache).WaitFor(cache)
    .WithHttpHealthCheck("/health");

var api = builder.AddProject<Projects.AgentApp_Api>("api")
    .WithReference(kafka).WaitFor(kafka)
    .WithReference(actors)
    .WithHttpHealthCheck("/health");

var worker = builder.AddProject<Projects.AgentApp_Worker>("worker")
    .WithReference(kafka).WaitFor(kafka)
    .WithReference(actors)
    .WithHttpHealthCheck("/health");

// Edge
builder.AddProject<Projects.AgentApp_Gateway>("gateway")
    .WithReference(api).WaitFor(api)
    .WithReference(cache)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithGatewayUrlLog();

builder.Build().Run();
