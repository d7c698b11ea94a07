using AgentApp.Actors.Conversations;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddProblemDetails();
builder.Services.AddActors(options =>
{
    // daprd learns these types from GET /dapr/config, which MapActorsHandlers serves.
    options.Actors.RegisterActor<ConversationActor>();
});

var app = builder.Build();

app.UseExceptionHandler();
app.MapDefaultEndpoints();
app.MapActorsHandlers();

app.Run();

/// <summary>The actor host's entry point, visible to tests that host it in memory.</summary>
public partial class Program;
