var builder = DistributedApplication.CreateBuilder(args);

// Infrastructure
var cache = builder.AddRedis("cache").RunAsGarnetWhenLocal();

// Services
var api = builder.AddProject<Projects.AgentApp_Api>("api")
    .WithReference(cache).WaitFor(cache)
    .WithHttpHealthCheck("/health");

// Edge
builder.AddProject<Projects.AgentApp_Gateway>("gateway")
    .WithReference(api).WaitFor(api)
    .WithExternalHttpEndpoints()
    .WithHttpHealthCheck("/health")
    .WithGatewayUrlLog();

builder.Build().Run();
