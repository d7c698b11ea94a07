var builder = DistributedApplication.CreateBuilder(args);
builder.AddProject<Projects.BareService>("bare").WithHttpHealthCheck("/health");
builder.Build().Run();
