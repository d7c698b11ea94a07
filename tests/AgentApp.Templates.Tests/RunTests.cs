using System.Net.Http.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using AgentApp.Templates.Tests.Infrastructure;
using Xunit.Abstractions;

namespace AgentApp.Templates.Tests;

/// <summary>
/// Generated apps run as a user runs them (<c>dotnet run</c> on the AppHost's http profile, no containers): two of them
/// at once, each on the ports the template generated for it; and an offline app switches to a real provider when the
/// <c>chat</c> connection string is set and the AppHost restarted.
/// </summary>
[Collection(TemplateCollection.Name)]
public sealed class RunTests(TemplateFixture template, RunTests.TwoApps apps, ITestOutputHelper log) : IClassFixture<RunTests.TwoApps>
{
    private static readonly TimeSpan s_startTimeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task Two_apps_in_different_folders_start_at_the_same_time_and_both_gateways_answer()
    {
        var (first, second) = await apps.BuiltAsync(template, log);

        await using var a = AppHostProcess.Start(first.AppHostDirectory);
        await using var b = AppHostProcess.Start(second.AppHostDirectory);
        var gateways = await Task.WhenAll(a.GatewayAsync(s_startTimeout), b.GatewayAsync(s_startTimeout));

        Assert.Equal(first.GatewayPort, gateways[0].Port);
        Assert.Equal(second.GatewayPort, gateways[1].Port);
        foreach (var gateway in gateways)
        {
            using var http = new HttpClient { BaseAddress = gateway };
            var info = await http.GetFromJsonAsync<JsonObject>("/v1/info");
            Assert.Equal("SideBySide.Api", info!["name"]!.GetValue<string>());
        }
    }

    [Fact]
    public async Task Setting_the_chat_connection_string_and_restarting_switches_an_offline_app_to_the_provider()
    {
        var (app, _) = await apps.BuiltAsync(template, log);

        string before, hint;
        await using (var offline = AppHostProcess.Start(app.AppHostDirectory))
        {
            before = await ChatProviderAsync(await offline.GatewayAsync(s_startTimeout));
            hint = offline.Output;
        }

        var set = await ChildProcess.DotNetAsync(["user-secrets", "set", "ConnectionStrings:chat",
            "Provider=openai;Endpoint=http://127.0.0.1:9/v1;Key=sk-test-not-a-key;Model=gpt-4o-mini", "--project", app.AppHostDirectory],
            app.AppHostDirectory, TimeSpan.FromMinutes(2));
        set.AssertSuccess();
        string after, output;
        try
        {
            await using var online = AppHostProcess.Start(app.AppHostDirectory);
            after = await ChatProviderAsync(await online.GatewayAsync(s_startTimeout));
            output = online.Output;
        }
        finally
        {
            // Back to offline for the other tests on this app.
            (await ChildProcess.DotNetAsync(["user-secrets", "remove", "ConnectionStrings:chat", "--project", app.AppHostDirectory],
                app.AppHostDirectory, TimeSpan.FromMinutes(2))).AssertSuccess();
        }

        Assert.Equal("offline", before);
        Assert.Equal("openai", after);
        // Offline, the AppHost said once what to set and how; configured, it says nothing of the kind, and never the key.
        Assert.Single(hint.Split('\n'), l => l.Contains("dotnet user-secrets set ConnectionStrings:chat", StringComparison.Ordinal));
        Assert.DoesNotContain("dotnet user-secrets set ConnectionStrings:chat", output, StringComparison.Ordinal);
        Assert.DoesNotContain("sk-test-not-a-key", output, StringComparison.Ordinal);
    }

    private static async Task<string> ChatProviderAsync(Uri gateway)
    {
        using var http = new HttpClient { BaseAddress = gateway };
        var info = await http.GetFromJsonAsync<JsonObject>("/v1/info");
        return info!["chatProvider"]!.GetValue<string>();
    }

    /// <summary>A generated app: where its AppHost is and the ports the template gave it.</summary>
    public sealed record GeneratedApp(string Root, string AppHostDirectory, IReadOnlySet<int> Ports, int GatewayPort, string UserSecretsId);

    /// <summary>
    /// Two offline apps with the same name in two folders, built once (one MSBuild run for both AppHosts) for every test
    /// here. Their user secrets (the AppHost keeps generated keys there) are removed afterwards.
    /// </summary>
    public sealed class TwoApps : IDisposable
    {
        private const string Name = "SideBySide";
        private readonly SemaphoreSlim _gate = new(1, 1);
        private (GeneratedApp, GeneratedApp)? _built;

        /// <summary>Generates and builds both apps the first time; their ports never overlap.</summary>
        public async Task<(GeneratedApp First, GeneratedApp Second)> BuiltAsync(TemplateFixture template, ITestOutputHelper log)
        {
            await _gate.WaitAsync();
            try
            {
                if (_built is { } built)
                {
                    return built;
                }

                var first = Read(await template.GenerateAsync(Name, llm: null, Path.Combine("run", "a")));
                var second = Read(await template.GenerateAsync(Name, llm: null, Path.Combine("run", "b")));
                // The port generator picks free ports at random in each range; two generations can, rarely, draw the same
                // one. A user would see it at start ("address already in use"); here the second app is made again.
                for (var attempt = 0; first.Ports.Overlaps(second.Ports) && attempt < 5; attempt++)
                {
                    log.WriteLine($"ports overlap ({string.Join(",", first.Ports.Intersect(second.Ports))}): generating the second app again");
                    Directory.Delete(second.Root, recursive: true);
                    second = Read(await template.GenerateAsync(Name, llm: null, Path.Combine("run", $"b{attempt}")));
                }

                Assert.False(first.Ports.Overlaps(second.Ports), "two generated apps drew the same ports five times");
                var aggregate = Path.Combine(template.WorkRoot, "run", "apphosts.proj");
                File.WriteAllText(aggregate, $"""
                    <Project DefaultTargets="Build">
                      <Target Name="Restore">
                        <MSBuild Projects="{Project(first)};{Project(second)}" Targets="Restore" />
                      </Target>
                      <Target Name="Build">
                        <MSBuild Projects="{Project(first)};{Project(second)}" Targets="Build" />
                      </Target>
                    </Project>
                    """);
                var build = await ChildProcess.DotNetAsync(["build", aggregate], Path.GetDirectoryName(aggregate)!, TimeSpan.FromMinutes(15));
                log.WriteLine($"{build.CommandLine}: exit {build.ExitCode} in {build.Elapsed.TotalSeconds:0.0} s");
                build.AssertSuccess();
                _built = (first, second);
                return (first, second);
            }
            finally
            {
                _gate.Release();
            }
        }

        /// <inheritdoc />
        public void Dispose()
        {
            if (_built is var (first, second))
            {
                foreach (var app in new[] { first, second })
                {
                    var secrets = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".microsoft", "usersecrets", app.UserSecretsId);
                    if (Directory.Exists(secrets))
                    {
                        Directory.Delete(secrets, recursive: true);
                    }
                }
            }

            _gate.Dispose();
        }

        private static string Project(GeneratedApp app) => Path.Combine(app.AppHostDirectory, $"{Name}.AppHost.csproj");

        private static GeneratedApp Read(string root)
        {
            var appHost = Path.Combine(root, $"{Name}.AppHost");
            var ports = new HashSet<int>();
            var gatewayPort = 0;
            foreach (var settings in Directory.EnumerateFiles(root, "launchSettings.json", SearchOption.AllDirectories))
            {
                foreach (var url in Urls(JsonNode.Parse(File.ReadAllText(settings))!))
                {
                    ports.Add(url.Port);
                    if (settings.Contains($"{Name}.Gateway", StringComparison.Ordinal))
                    {
                        gatewayPort = url.Port;
                    }
                }
            }

            var secretsId = (string?)XDocument.Load(Path.Combine(appHost, $"{Name}.AppHost.csproj")).Descendants("UserSecretsId").SingleOrDefault()
                ?? throw new InvalidOperationException("The AppHost has no UserSecretsId.");
            return new GeneratedApp(root, appHost, ports, gatewayPort, secretsId);
        }

        // Every URL in a launch profile: applicationUrl and the ASPIRE_* endpoint variables.
        private static IEnumerable<Uri> Urls(JsonNode settings) =>
            settings["profiles"]!.AsObject().SelectMany(profile => profile.Value!.AsObject()
                .Where(p => p.Key == "applicationUrl").Select(p => p.Value!.GetValue<string>())
                .Concat(profile.Value!["environmentVariables"]?.AsObject().Where(v => v.Key.EndsWith("_URL", StringComparison.Ordinal))
                    .Select(v => v.Value!.GetValue<string>()) ?? []))
            .SelectMany(value => value.Split(';'))
            .Select(value => new Uri(value));
    }
}
