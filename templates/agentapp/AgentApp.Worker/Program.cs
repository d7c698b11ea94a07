using AgentApp.Worker.Messaging;
using AgentApp.Worker.Tasks;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddKafka();
builder.AddTaskWorker();

var app = builder.Build();

// The worker serves only health endpoints: Kubernetes probes them like any other service.
app.MapDefaultEndpoints();

app.Run();
