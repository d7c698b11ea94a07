using AgentApp.Worker.Messaging;
using AgentApp.Worker.Tasks;
using AgentApp.Worker.Tasks.Durable;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddKafka();
builder.AddTaskWorker();

var app = builder.Build();

// Health endpoints (Kubernetes probes them like any other service), and what other apps ask of the task workflows
// hosted here, by Dapr service invocation.
app.MapDefaultEndpoints();
app.MapTaskWorkflowEndpoints();

app.Run();
