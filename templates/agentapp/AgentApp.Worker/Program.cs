using AgentApp.Worker.Messaging;
using AgentApp.Worker.Tasks;
using AgentApp.Worker.Tasks.Durable;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddKafka();
builder.AddTaskWorker();

var app = builder.Build();

// Health endpoints (Kubernetes probes them like any other service), and, when the worker hosts the task workflows,
// the decisions other apps hand to them by Dapr service invocation.
app.MapDefaultEndpoints();
if (app.Configuration.GetValue<TaskRunnerKind>("Tasks:Runner") == TaskRunnerKind.Workflow)
{
    app.MapTaskWorkflowEndpoints();
}

app.Run();
