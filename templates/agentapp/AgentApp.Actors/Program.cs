using AgentApp.Contracts;
using AgentApp.Actors.Conversations;
using AgentApp.Actors.Sidecar;
using AgentApp.Actors.Tasks;
using AgentApp.Actors.Tasks.Retention;
using Microsoft.Extensions.DependencyInjection.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddProblemDetails();
builder.Services.TryAddSingleton(TimeProvider.System);
builder.Services.AddSettings<ConversationOptions>(ConversationOptions.Section);
builder.Services.AddActors(options =>
{
    // Callers' proxies speak JSON remoting, so contract records need no DataContract attributes.
    options.UseJsonSerialization = true;
    // daprd learns these types from GET /dapr/config, which MapActorsHandlers serves.
    options.Actors.RegisterActor<ConversationActor>(ConversationActorType.Name);
    options.Actors.RegisterActor<TaskActor>(TaskActorType.Name);
});
builder.AddTaskRetention();
// Without daprd nothing calls the actors: say so once, with the fix.
builder.Services.AddHostedService<SidecarWatch>();

var app = builder.Build();

app.UseExceptionHandler();
app.MapDefaultEndpoints();
app.MapActorsHandlers();

app.Run();
