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
        // No dashboard here to export to: without this the exporters retry at shutdown.
        return new ConfiguredApp(await StartContainerlessAsync(args, project => project.WithEnvironment("OTEL_SDK_DISABLED", "true"),
            configure, ["api", "gateway"], cts.Token));
    }

    /// <summary>
    /// Starts the AppHost in Local infrastructure mode with <paramref name="args"/>: <paramref name="everyProject"/> is
    /// applied to each project, then <paramref name="configure"/> to those it names; returns once each of
    /// <paramref name="services"/> is healthy, or fails with the console log of the first that is not.
    /// </summary>
    public static async Task<DistributedApplication> StartContainerlessAsync(string[] args, Action<IResourceBuilder<ProjectResource>> everyProject,
        Action<Func<string, IResourceBuilder<ProjectResource>>>? configure, IEnumerable<string> services, CancellationToken cancellationToken)
    {
        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.AgentApp_AppHost>(
            [$"--{InfrastructureModeExtensions.ConfigurationKey}={InfrastructureMode.Local}", .. args], cancellationToken);
        var projects = builder.Resources.OfType<ProjectResource>().ToList();
        foreach (var project in projects)
        {
            everyProject(builder.CreateResourceBuilder(project));
        }

        configure?.Invoke(name => builder.CreateResourceBuilder(projects.Single(p => p.Name == name)));
        var app = await builder.BuildAsync(cancellationToken);
        try
        {
            await app.StartAsync(cancellationToken);
            foreach (var service in services)
            {
                await WaitUntilHealthyAsync(app, service, cancellationToken);
            }
        }
        catch
        {
            await app.DisposeAsync(); // stops whatever did start
            throw;
        }

        return app;
    }

    private static async Task WaitUntilHealthyAsync(DistributedApplication app, string service, CancellationToken cancellationToken)
    {
        try
        {
            await app.ResourceNotifications.WaitForResourceHealthyAsync(service, cancellationToken);
        }
        catch (Exception ex) when (ex is DistributedApplicationException or OperationCanceledException)
        {
            // Say why: the resource's own console output is what a developer would look at in the dashboard.
            throw new InvalidOperationException($"'{service}' did not become healthy:\n{await LogsAsync(app, service)}", ex);
        }
    }

    /// <summary>The console log of <paramref name="resource"/> in <paramref name="app"/> so far, for failure messages.</summary>
    public static async Task<string> LogsAsync(DistributedApplication app, string resource)
    {
        var logs = app.Services.GetRequiredService<ResourceLoggerService>();
        var lines = new List<string>();
        await foreach (var batch in logs.GetAllAsync(resource))
        {
            lines.AddRange(batch.Select(l => l.Content));
        }

        return string.Join('\n', lines.TakeLast(60));
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
