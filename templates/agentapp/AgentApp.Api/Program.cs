using AgentApp.Agent;
using AgentApp.Api.Chat;
using AgentApp.Api.Conversations;
using AgentApp.Api.Http;
using AgentApp.Api.Identity;
using AgentApp.Api.Info;
using AgentApp.Api.Mcp;
using AgentApp.Api.Memory;
using AgentApp.Api.OpenAICompatible;
using AgentApp.Api.Tasks;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
{
    if (context.ProblemDetails.Status == StatusCodes.Status415UnsupportedMediaType)
    {
        context.ProblemDetails.Detail ??= "Send the body as JSON, with Content-Type: application/json.";
    }
});
// Errors on the OpenAI-compatible routes in OpenAI's shape, so the OpenAI SDKs raise with our message.
builder.Services.AddOpenAIErrorShape();
builder.Services.AddExceptionHandler<BadRequestExceptionHandler>();
// Binding errors throw in every environment, so BadRequestExceptionHandler can name the failing field.
builder.Services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
builder.Services.AddOpenApi();
builder.AddAgent();
builder.Services.AddConversationMemory();
builder.Services.AddGatewayIdentity();
builder.AddAgentTasks();
builder.AddAgentMcpServer();
builder.AddAgentMcpTools();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseGatewaySecret();
app.UseRequestBodyLimit(app.Services.GetRequiredService<IOptions<AgentOptions>>().Value.MaxRequestBodyBytes);
app.UseUtf8JsonBodies();
app.MapOpenApi();
if (app.Environment.IsDevelopment())
{
    app.MapScalarApiReference();
}

app.MapDefaultEndpoints();

var v1 = app.MapGroup("/v1");
v1.MapInfo();
v1.MapChat();
v1.MapChatCompletions();
v1.MapConversations();
v1.MapTasks();
v1.MapAgentMcp();

app.Run();
