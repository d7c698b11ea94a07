// A bare YARP proxy: one catch-all route to the address in ReverseProxy:Clusters:api:Destinations:api:Address.
var builder = WebApplication.CreateBuilder(args);
builder.Logging.ClearProviders();
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));
var app = builder.Build();
app.MapGet("/alive", () => "Healthy");
app.MapReverseProxy();
app.Run();
