using System.Text.Json;
using System.Text.Json.Nodes;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.DependencyInjection;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace AgentApp.Tests.Hosting.Dapr;

/// <summary>
/// Builds Dapr app models without starting them, stages machines with or without daprd (stand-in files that are never
/// executed), and deletes everything it or the integration wrote.
/// </summary>
public sealed class DaprTestHost : IDisposable
{
    public const string NotFoundHint =
        "daprd not found on PATH or in ~/.dapr/bin: install the Dapr CLI and run 'dapr init --slim' (no Docker needed)";

    private readonly List<string> _cleanup = [];

    public DaprTestHost()
    {
        Scratch = Directory.CreateTempSubdirectory("dapr-tests-").FullName;
        _cleanup.Add(Scratch);
    }

    /// <summary>A private folder for this test's stand-in binaries and empty PATH/HOME.</summary>
    public string Scratch { get; }

    /// <summary>The AgentApp.Actors project, so the app model holds a real <see cref="ProjectResource"/>.</summary>
    public static string ActorsProjectPath { get; } = FindActorsProject();

    /// <summary>A run-mode builder on a machine with no daprd anywhere (PATH, HOME and DAPR_INSTALL_DIR point at nothing).</summary>
    public IDistributedApplicationBuilder RunModeWithoutDaprd(params (string Key, string? Value)[] settings)
    {
        var empty = Directory.CreateDirectory(Path.Combine(Scratch, "empty")).FullName;
        return Builder([], [("PATH", empty), ("HOME", empty), ("USERPROFILE", empty), ("DAPR_INSTALL_DIR", ""), .. settings]);
    }

    /// <summary>A run-mode builder whose daprd is the stand-in from <see cref="StageDaprBinaries"/>.</summary>
    public IDistributedApplicationBuilder RunModeWithDaprd(params (string Key, string? Value)[] settings) =>
        Builder([], [("Dapr:DaprdPath", Path.Combine(StageDaprBinaries("slim"), "daprd")), .. settings]);

    /// <summary>True when a resource runs one of the Dapr binaries (AddProject adds executables of its own, e.g. a rebuilder).</summary>
    public static bool RunsDapr(IResource resource) =>
        resource is ExecutableResource executable && Path.GetFileName(executable.Command) is "daprd" or "placement" or "scheduler";

    /// <summary>A publish-mode builder (manifest publisher), configured exactly like run mode with daprd.</summary>
    public IDistributedApplicationBuilder PublishMode() =>
        Builder(["--publisher", "manifest", "--output-path", Path.Combine(Scratch, "manifest")],
            [("Dapr:DaprdPath", Path.Combine(StageDaprBinaries("slim"), "daprd"))]);

    /// <summary>Empty files named like the slim runtime's binaries: found, never run.</summary>
    public string StageDaprBinaries(string folder, params string[] names)
    {
        var directory = Directory.CreateDirectory(Path.Combine(Scratch, folder)).FullName;
        foreach (var name in names.Length == 0 ? ["daprd", "placement", "scheduler"] : names)
        {
            File.WriteAllText(Path.Combine(directory, name), "");
        }

        return directory;
    }

    /// <summary>Deletes an AppHost run folder when the test ends (the integration deletes it on AppHost stop).</summary>
    public void DeleteLater(string path) => _cleanup.Add(path);

    /// <summary>Allocates an endpoint by hand, as DCP would when the AppHost starts.</summary>
    public static void Allocate(IResource resource, string endpoint, int port, string? targetPortExpression = null)
    {
        var annotation = resource.Annotations.OfType<EndpointAnnotation>().Single(e => e.Name == endpoint);
        annotation.AllocatedEndpoint = new AllocatedEndpoint(annotation, "localhost", port, EndpointBindingMode.SingleAddress, targetPortExpression);
    }

    /// <summary>
    /// Resolves arguments as the orchestrator would, with the built (not started) app's execution context. An endpoint
    /// left unallocated would wait forever, so fail fast instead.
    /// </summary>
    public static async Task<string[]> ArgsAsync(DistributedApplication app, IResourceWithArgs resource)
    {
        var result = await ResolveAsync(app, ExecutionConfigurationBuilder.Create(resource).WithArgumentsConfig());
        return [.. result.Arguments.Select(a => a.Value)];
    }

    /// <summary>Resolves environment variables, failing fast like <see cref="ArgsAsync"/>.</summary>
    public static async Task<Dictionary<string, string>> EnvAsync(DistributedApplication app, IResourceWithEnvironment resource)
    {
        var result = await ResolveAsync(app, ExecutionConfigurationBuilder.Create(resource).WithEnvironmentVariablesConfig());
        return result.EnvironmentVariables.ToDictionary();
    }

    private static async Task<IExecutionConfigurationResult> ResolveAsync(DistributedApplication app, IExecutionConfigurationBuilder configuration)
    {
        var result = await configuration
            .BuildAsync(app.Services.GetRequiredService<DistributedApplicationExecutionContext>())
            .WaitAsync(TimeSpan.FromSeconds(30));
        return result.Exception is null ? result : throw new InvalidOperationException("Resolving failed", result.Exception);
    }

    /// <summary>The value that follows a flag, asserting the flag occurs exactly once.</summary>
    public static string Arg(string[] args, string flag)
    {
        Assert.Single(args, a => a == flag);
        return args[Array.IndexOf(args, flag) + 1];
    }

    /// <summary>Reads a YAML document as JSON; plain (unquoted) booleans and integers keep their type, as Kubernetes reads them.</summary>
    public static JsonObject ReadYaml(string path)
    {
        var stream = new YamlStream();
        using (var reader = new StreamReader(path))
        {
            stream.Load(reader);
        }

        return Assert.Single(stream.Documents).RootNode is YamlMappingNode root
            ? ToJson(root)!.AsObject()
            : throw new Xunit.Sdk.XunitException($"{path} is not a YAML mapping");
    }

    /// <summary>Validates a Component document against the Dapr CRD schema copy (Schemas/dapr-component.schema.json).</summary>
    public static void AssertValidComponent(JsonObject component)
    {
        var errors = SchemaFiles.Errors(SchemaFiles.DaprComponent, component);
        Assert.True(errors.Count == 0, "Component does not validate:\n" + string.Join('\n', errors) + "\n" + component.ToJsonString());
    }

    /// <summary>A Component's metadata as name → value.</summary>
    public static Dictionary<string, JsonNode?> Metadata(JsonObject component) =>
        component["spec"]!["metadata"]!.AsArray().ToDictionary(m => m!["name"]!.GetValue<string>(), m => m!["value"]?.DeepClone());

    public void Dispose()
    {
        foreach (var path in _cleanup.Where(Directory.Exists))
        {
            Directory.Delete(path, recursive: true);
        }
    }

    private static IDistributedApplicationBuilder Builder(string[] args, (string Key, string? Value)[] settings)
    {
        var builder = DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = args, DisableDashboard = true });
        foreach (var (key, value) in settings)
        {
            builder.Configuration[key] = value;
        }

        return builder;
    }

    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
            KeyValuePair.Create(((YamlScalarNode)kv.Key).Value!, ToJson(kv.Value)))),
        YamlSequenceNode sequence => new JsonArray([.. sequence.Children.Select(ToJson)]),
        YamlScalarNode { Style: ScalarStyle.Plain, Value: "true" or "false" } flag => JsonValue.Create(flag.Value == "true"),
        YamlScalarNode { Style: ScalarStyle.Plain } number when long.TryParse(number.Value, out var value) => JsonValue.Create(value),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new NotSupportedException(node.GetType().Name),
    };

    private static string FindActorsProject()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "AgentApp.Actors", "AgentApp.Actors.csproj");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("AgentApp.Actors.csproj not found above " + AppContext.BaseDirectory);
    }
}
