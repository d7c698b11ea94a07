using AgentApp.Hosting;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace AgentApp.Tests.Support;

/// <summary>
/// The real AppHost, container-less, started for one test with settings of its own (the shared
/// <see cref="ContainerlessAppFixture"/> keeps the defaults). Disposing stops every process it started.
/// </summary>
public sealed class ConfiguredApp : IAsyncDisposable
{
    private ConfiguredApp(DistributedApplication app) => App = app;

    /// <summary>The running application.</summary>
    public DistributedApplication App { get; }

    /// <summary>
    /// Starts the AppHost with <paramref name="args"/> (e.g. <c>--ConnectionStrings:chat=…</c>), lets
    /// <paramref name="configure"/> set the environment of named resources, and waits for api and gateway to be healthy.
    /// </summary>
    public static async Task<ConfiguredApp> StartAsync(string[] args, Action<Func<string, IResourceBuilder<ProjectResource>>>? configure = null)
    {
        using var cts = new CancellationTokenSource(ContainerlessAppFixture.StartTimeout);
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AgentApp_AppHost>(
            [$"--{InfrastructureModeExtensions.ConfigurationKey}={InfrastructureMode.Local}", .. args], cts.Token);
        var projects = builder.Resources.OfType<ProjectResource>().ToList();
        foreach (var project in projects)
        {
            // No dashboard here to export to: without this the exporters retry at shutdown.
            builder.CreateResourceBuilder(project).WithEnvironment("OTEL_SDK_DISABLED", "true");
        }

        configure?.Invoke(name => builder.CreateResourceBuilder(projects.Single(p => p.Name == name)));
        var app = await builder.BuildAsync(cts.Token);
        await app.StartAsync(cts.Token);
        foreach (var service in (string[])["api", "gateway"])
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(service, cts.Token);
        }

        return new ConfiguredApp(app);
    }

    /// <summary>The AppHost's generated development API key (the <c>dev-api-key</c> parameter) of <paramref name="app"/>.</summary>
    public static async Task<string> DevApiKeyAsync(DistributedApplication app)
    {
        var parameter = app.Services.GetRequiredService<DistributedApplicationModel>().Resources.OfType<ParameterResource>()
            .Single(p => p.Name == EdgeSecretExtensions.DevApiKeyName);
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        return await parameter.GetValueAsync(cts.Token) ?? throw new InvalidOperationException("dev-api-key has no value");
    }

    /// <summary>This app's development API key.</summary>
    public Task<string> DevApiKeyAsync() => DevApiKeyAsync(App);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
