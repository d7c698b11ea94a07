using Xunit.Abstractions;
using Xunit.Sdk;

namespace AgentApp.Templates.Tests.Infrastructure;

/// <summary>
/// Packs the template from this repository, installs the package into an isolated template hive and generates solutions
/// under the system temp folder, outside the repository, so nothing of the repo (props, editorconfig, NuGet config) can
/// leak into them. Everything is deleted on dispose, after the build servers the child builds started are shut down.
/// </summary>
public sealed class TemplateFixture(IMessageSink diagnostics) : IAsyncLifetime
{
    private static readonly TimeSpan s_packTimeout = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan s_newTimeout = TimeSpan.FromMinutes(3);

    private readonly Dictionary<string, Task<string>> _generated = [];

    /// <summary>The temp folder that holds the package, the hive and every generated solution.</summary>
    public string WorkRoot { get; } = Path.Combine(Path.GetTempPath(), "agentapp-template-tests-" + Guid.NewGuid().ToString("N")[..12]);

    public string Hive => Path.Combine(WorkRoot, "hive");

    public string PackagePath { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(WorkRoot);
        var packageDirectory = Path.Combine(WorkRoot, "package");
        Log(await ChildProcess.DotNetAsync(
            ["pack", RepoPaths.Packer, "-c", "Release", "-o", packageDirectory], RepoPaths.Root, s_packTimeout));
        PackagePath = Assert.Single(Directory.GetFiles(packageDirectory, "*.nupkg"));
        Assert.Equal(TemplateFacts.PackageFileName, Path.GetFileName(PackagePath));

        Log(await ChildProcess.DotNetAsync(
            ["new", "install", PackagePath, "--debug:custom-hive", Hive], WorkRoot, s_newTimeout));
    }

    public async Task DisposeAsync()
    {
        // Child builds ran with build servers on (see ChildProcess); they outlive the builds unless stopped.
        var shutdown = await ChildProcess.DotNetAsync(["build-server", "shutdown"], WorkRoot, TimeSpan.FromMinutes(2));
        Diagnostic($"{shutdown.CommandLine}: exit {shutdown.ExitCode} in {shutdown.Elapsed.TotalSeconds:0.0} s");
        try
        {
            Directory.Delete(WorkRoot, recursive: true);
        }
        catch (IOException e)
        {
            Diagnostic($"Could not delete {WorkRoot}: {e.Message}");
        }
    }

    /// <summary><c>dotnet new agentapp {arguments}</c> against the isolated hive, without failing on a non-zero exit.</summary>
    public Task<CommandResult> NewAsync(params string[] arguments) =>
        ChildProcess.DotNetAsync(
            ["new", TemplateFacts.ShortName, .. arguments, "--no-update-check", "--debug:custom-hive", Hive], WorkRoot, s_newTimeout);

    /// <summary>Generates a solution into <c>{WorkRoot}/{folder}</c> and returns that folder; a null llm takes the default.</summary>
    public async Task<string> GenerateAsync(string name, string? llm, string folder, bool restore = false)
    {
        var output = Path.Combine(WorkRoot, folder);
        List<string> arguments = ["-n", name, "-o", output];
        if (llm is not null)
        {
            arguments.AddRange(["--llm", llm]);
        }

        if (!restore)
        {
            arguments.Add("--no-restore");
        }

        var result = Log(await NewAsync([.. arguments]));
        Assert.True(result.Output.Contains("was created successfully", StringComparison.Ordinal), result.Describe());
        return output;
    }

    /// <summary>A generate-only (<c>--no-restore</c>) solution for this name and choice, made once per run.</summary>
    public Task<string> GeneratedAsync(string name, string llm)
    {
        lock (_generated)
        {
            var key = $"{name}|{llm}";
            if (!_generated.TryGetValue(key, out var generation))
            {
                generation = GenerateAsync(name, llm, Path.Combine("generated", $"{name}-{llm}"));
                _generated[key] = generation;
            }

            return generation;
        }
    }

    private CommandResult Log(CommandResult result)
    {
        result.AssertSuccess();
        Diagnostic($"{result.CommandLine}: {result.Elapsed.TotalSeconds:0.0} s");
        return result;
    }

    private void Diagnostic(string message) => diagnostics.OnMessage(new DiagnosticMessage($"[template] {message}"));
}

[CollectionDefinition(Name)]
public sealed class TemplateCollection : ICollectionFixture<TemplateFixture>
{
    public const string Name = "template";
}
