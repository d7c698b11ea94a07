using AgentApp.Api.Chat;
using AgentApp.Api.Info;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddProblemDetails();
builder.Services.AddOpenApi();
builder.Services.AddChatProvider(builder.Configuration);

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapOpenApi();
app.MapDefaultEndpoints();

var v1 = app.MapGroup("/v1");
v1.MapInfo();

app.Run();

/// <summary>The API's entry point, visible to tests that host it in memory.</summary>
public partial class Program;
