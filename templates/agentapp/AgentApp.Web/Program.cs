using AgentApp.Web;
using AgentApp.Web.Components;
using AgentApp.Web.Conversations;
using AgentApp.Web.Gateway;
using AgentApp.Web.SignIn;
using AgentApp.Web.Status;
using Microsoft.Extensions.Options;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddConsoleSignIn();

// Every call goes to the gateway, the way any client's does. Streams last as long as a turn or a task, so this client has
// no overall timeout and no retries (a retried chat turn would run the agent twice); the person sees errors and decides.
#pragma warning disable EXTEXP0001 // marked for evaluation: the supported way to opt one client out of the service defaults
builder.Services.AddHttpClient<GatewayClient>(GatewayClient.HttpClientName, (services, http) =>
    {
        http.BaseAddress = services.GetRequiredService<IOptions<ConsoleOptions>>().Value.GatewayUrl;
        http.Timeout = Timeout.InfiniteTimeSpan;
    })
    .RemoveAllResilienceHandlers();
#pragma warning restore EXTEXP0001
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddSingleton<ConversationIndex>();
builder.Services.AddScoped<ConsoleUser>();
builder.Services.AddScoped<StatusAnnouncer>();

builder.Services.AddRazorComponents().AddInteractiveServerComponents();
builder.Services.AddProblemDetails();

var app = builder.Build();

app.UseForwardedHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler();
}

app.UseMiddleware<ContentSecurityPolicy>();
app.UseAuthentication();
app.UseAuthorization();
app.UseAntiforgery();

app.MapDefaultEndpoints();
app.MapStaticAssets();
var pages = app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
if (app.Services.GetRequiredService<IOptions<ConsoleOptions>>().Value.UsesOidc)
{
    pages.RequireAuthorization();
    app.MapSignOut();
}

app.Run();
