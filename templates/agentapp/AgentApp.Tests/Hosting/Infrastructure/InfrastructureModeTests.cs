using System.Diagnostics;
using AgentApp.Hosting;
using Aspire.Hosting;

namespace AgentApp.Tests.Hosting.Infrastructure;

/// <summary>How the AppHost decides between containers and in-process stand-ins.</summary>
public sealed class InfrastructureModeTests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("infra-mode-");

    private static IDistributedApplicationBuilder Builder(params string[] args) =>
        DistributedApplication.CreateBuilder(new DistributedApplicationOptions { Args = args, DisableDashboard = true });

    [Theory]
    [InlineData("Local", InfrastructureMode.Local)]
    [InlineData("containers", InfrastructureMode.Containers)]
    public void An_explicit_mode_is_used_as_given(string configured, InfrastructureMode expected)
    {
        var builder = Builder($"--Infrastructure:Mode={configured}");

        Assert.Equal(expected, builder.GetInfrastructureMode());
    }

    [Fact]
    public void A_bad_mode_fails_at_start_naming_the_key_and_the_choices()
    {
        var builder = Builder("--Infrastructure:Mode=Kubernetes");

        var error = Assert.Throws<DistributedApplicationException>(() => builder.GetInfrastructureMode());
        Assert.Contains("Infrastructure:Mode", error.Message);
        Assert.Contains("Auto, Containers or Local", error.Message);
    }

    [Fact]
    public void Publishing_always_describes_containers()
    {
        var builder = Builder("--Infrastructure:Mode=Local", "--publisher", "manifest", "--output-path", Path.Combine(_scratch.FullName, "m.json"));

        Assert.Equal(InfrastructureMode.Containers, builder.GetInfrastructureMode());
    }

    [Fact]
    public void Auto_picks_local_when_the_runtime_command_does_not_exist()
    {
        var builder = Builder($"--ASPIRE_CONTAINER_RUNTIME={Path.Combine(_scratch.FullName, "no-such-runtime")}");

        Assert.Equal(InfrastructureMode.Local, builder.GetInfrastructureMode());
    }

    [UnixTheory]
    [InlineData(0, InfrastructureMode.Containers)]
    [InlineData(1, InfrastructureMode.Local)]
    public void Auto_follows_the_runtime_answer(int exitCode, InfrastructureMode expected)
    {
        var runtime = Script("runtime", $"exit {exitCode}");
        var builder = Builder($"--ASPIRE_CONTAINER_RUNTIME={runtime}");

        Assert.Equal(expected, builder.GetInfrastructureMode());
    }

    [UnixFact]
    public void Auto_does_not_hang_on_a_wedged_runtime()
    {
        var runtime = Script("wedged", "sleep 60");
        var builder = Builder($"--ASPIRE_CONTAINER_RUNTIME={runtime}");
        var clock = Stopwatch.StartNew();

        Assert.Equal(InfrastructureMode.Local, builder.GetInfrastructureMode());
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(30), $"took {clock.Elapsed}");
    }

    [UnixFact]
    public void The_decision_is_made_once_per_apphost()
    {
        var runtime = Script("counting", $"echo x >> {_scratch.FullName}/calls; exit 1");
        var builder = Builder($"--ASPIRE_CONTAINER_RUNTIME={runtime}");

        builder.GetInfrastructureMode();
        builder.GetInfrastructureMode();

        Assert.Single(File.ReadAllLines(Path.Combine(_scratch.FullName, "calls")));
    }

    public void Dispose() => _scratch.Delete(recursive: true);

    private string Script(string name, string body)
    {
        var path = Path.Combine(_scratch.FullName, name);
        File.WriteAllText(path, $"#!/bin/sh\n{body}\n");
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("POSIX scripts");
        }

        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }
}
