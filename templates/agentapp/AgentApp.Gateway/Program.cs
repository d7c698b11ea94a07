var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.Services.AddProblemDetails();

// Routes and clusters are data (appsettings.json "ReverseProxy"); "http://api" resolves through service discovery.
builder.Services.AddReverseProxy()
    .LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"))
    .AddServiceDiscoveryDestinationResolver();

var app = builder.Build();

app.UseExceptionHandler();
app.UseStatusCodePages();
app.MapDefaultEndpoints();
app.MapReverseProxy();

app.Run();

/// <summary>The gateway's entry point, visible to tests that host it in memory.</summary>
public partial class Program;
