using System.Text.Json.Nodes;

namespace AgentApp.Tests.Hosting;

/// <summary>
/// Publishes the manifest the way users and deployment tools do (<c>--publisher manifest</c>) and checks it against
/// Aspire's schema, strictly, plus the entries deployment needs.
/// </summary>
public sealed class PublishedManifestTests
{
    [Fact]
    public async Task Manifest_validates_strictly_against_the_Aspire_schema()
    {
        var manifest = await PublishAsync();

        ManifestSchema.AssertValid(manifest);
    }

    [Fact]
    public async Task Every_resource_type_is_one_Aspirate_accepts()
    {
        var resources = (await PublishAsync())["resources"]!.AsObject();

        var foreign = resources.Where(r => !ManifestSchema.AspirateTypes.Contains(Type(resources, r.Key))).Select(r => $"{r.Key}: {Type(resources, r.Key)}");

        Assert.Empty(foreign);
    }

    [Fact]
    public void The_schema_check_rejects_fields_outside_Aspire_and_the_documented_deployment_fields()
    {
        var manifest = JsonNode.Parse("""
            {"resources":{
              "statestore":{"type":"dapr.component.v0","daprComponent":{"type":"state.redis","version":"v1","metadata":{"redisHost":"{cache.bindings.tcp.host}"}}},
              "actors-dapr":{"type":"dapr.v0","dapr":{"application":"actors","appId":"actors","components":[],"roles":["hostsActors"]}}}}
            """)!;
        Assert.Empty(ManifestSchema.Errors(manifest));

        manifest["resources"]!["statestore"]!["daprComponent"]!["scopes"] = new JsonArray("actors");
        Assert.NotEmpty(ManifestSchema.Errors(manifest));

        manifest["resources"]!["statestore"]!["daprComponent"]!.AsObject().Remove("scopes");
        manifest["resources"]!["actors-dapr"]!["dapr"]!["roles"] = new JsonArray("runsEverything");
        Assert.NotEmpty(ManifestSchema.Errors(manifest));
    }

    [Fact]
    public async Task Manifest_describes_services_as_projects_and_infrastructure_as_containers()
    {
        var resources = (await PublishAsync())["resources"]!.AsObject();

        foreach (var service in new[] { "api", "actors", "worker", "gateway", "web" })
        {
            Assert.Equal("project.v0", Type(resources, service));
            Assert.EndsWith($".{char.ToUpperInvariant(service[0])}{service[1..]}.csproj",
                resources[service]!["path"]!.GetValue<string>());
        }

        Assert.Equal("container.v0", Type(resources, "cache"));
        Assert.Equal("container.v0", Type(resources, "kafka"));
        Assert.Equal("{kafka.bindings.tcp.host}:{kafka.bindings.tcp.port}",
            resources["kafka"]!["connectionString"]!.GetValue<string>());
    }

    [Fact]
    public async Task Only_the_gateway_is_external()
    {
        var resources = (await PublishAsync())["resources"]!.AsObject();

        var external = resources
            .Where(r => r.Value!["bindings"] is JsonObject bindings
                && bindings.Any(b => b.Value!["external"]?.GetValue<bool>() == true))
            .Select(r => r.Key);

        Assert.Equal(["gateway"], external);
    }

    [Fact]
    public async Task Manifest_does_not_depend_on_the_local_infrastructure_mode()
    {
        var containers = await PublishAsync(new Dictionary<string, string?> { ["Infrastructure__Mode"] = "Containers" });
        var local = await PublishAsync(new Dictionary<string, string?> { ["Infrastructure__Mode"] = "Local" });

        Assert.Equal(containers.ToJsonString(), local.ToJsonString());
    }

    private static string Type(JsonObject resources, string name) =>
        resources[name]?["type"]?.GetValue<string>() ?? throw new Xunit.Sdk.XunitException($"no '{name}' in manifest");

    /// <summary>Runs the built AppHost's manifest publisher into a temporary directory and returns the manifest.</summary>
    internal static async Task<JsonObject> PublishAsync(IReadOnlyDictionary<string, string?>? environment = null)
    {
        var directory = Directory.CreateTempSubdirectory("manifest-");
        try
        {
            var path = Path.Combine(directory.FullName, "aspire-manifest.json");
            var (exitCode, output) = await ChildProcess.RunAsync("dotnet",
                ["run", "--project", Projects.AgentApp_AppHost.ProjectPath, "--no-build", "--no-launch-profile",
                 "-c", ChildProcess.BuildConfiguration, "--", "--publisher", "manifest", "--output-path", path],
                TimeSpan.FromMinutes(2), environment);
            Assert.True(exitCode == 0, $"manifest publishing exited {exitCode}:\n{output}");
            return JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
