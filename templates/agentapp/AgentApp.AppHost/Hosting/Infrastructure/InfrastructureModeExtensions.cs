using System.Diagnostics;
using Aspire.Hosting.ApplicationModel;
using Microsoft.Extensions.Configuration;

namespace AgentApp.Hosting;

/// <summary>Resolves <c>Infrastructure:Mode</c> once per AppHost.</summary>
public static class InfrastructureModeExtensions
{
    /// <summary>The configuration key (env <c>Infrastructure__Mode</c>).</summary>
    public const string ConfigurationKey = "Infrastructure:Mode";

    private static readonly TimeSpan s_probeTimeout = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The mode this AppHost runs in: never <see cref="InfrastructureMode.Auto"/>. Publishing always describes containers,
    /// because that is what a cluster runs; <c>Auto</c> asks the container runtime once and falls back to <c>Local</c>.
    /// </summary>
    public static InfrastructureMode GetInfrastructureMode(this IDistributedApplicationBuilder builder)
    {
        if (builder.ExecutionContext.IsPublishMode)
        {
            return InfrastructureMode.Containers;
        }

        var existing = builder.Resources.OfType<InfrastructureModeResource>().SingleOrDefault();
        if (existing is not null)
        {
            return existing.Mode;
        }

        var configured = builder.Configuration[ConfigurationKey];
        InfrastructureMode requested;
        if (string.IsNullOrWhiteSpace(configured))
        {
            requested = InfrastructureMode.Auto;
        }
        else if (!Enum.TryParse(configured, ignoreCase: true, out requested) || !Enum.IsDefined(requested))
        {
            throw new DistributedApplicationException(
                $"'{ConfigurationKey}' is '{configured}'; use Auto, Containers or Local.");
        }

        var (mode, reason) = requested switch
        {
            InfrastructureMode.Auto => ProbeContainerRuntime(builder.Configuration),
            _ => (requested, $"set by {ConfigurationKey}"),
        };

        // Remember the decision in the model itself, so every integration sees the same answer.
        builder.AddResource(new InfrastructureModeResource(mode, reason)).ExcludeFromManifest()
            .WithInitialState(new CustomResourceSnapshot
            {
                ResourceType = "Infrastructure",
                State = new ResourceStateSnapshot($"{mode}", KnownResourceStateStyles.Info),
                Properties = [new("infrastructure.mode", mode.ToString()), new("infrastructure.reason", reason)],
                IsHidden = true,
            });
        return mode;
    }

    /// <summary>True when infrastructure runs in-process rather than in containers.</summary>
    public static bool IsLocalInfrastructure(this IDistributedApplicationBuilder builder) =>
        builder.GetInfrastructureMode() == InfrastructureMode.Local;

    private static (InfrastructureMode, string) ProbeContainerRuntime(IConfiguration configuration)
    {
        var runtime = configuration["ASPIRE_CONTAINER_RUNTIME"] ?? configuration["DOTNET_ASPIRE_CONTAINER_RUNTIME"] ?? "docker";
        try
        {
            using var probe = Process.Start(new ProcessStartInfo(runtime, ["info", "--format", "{{.ServerVersion}}"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (probe is null)
            {
                return (InfrastructureMode.Local, $"'{runtime}' could not be started");
            }

            // A wedged daemon must not hang F5: give it a few seconds, then decide.
            if (!probe.WaitForExit(s_probeTimeout))
            {
                probe.Kill(entireProcessTree: true);
                return (InfrastructureMode.Local, $"'{runtime} info' did not answer within {s_probeTimeout.TotalSeconds:0} s");
            }

            return probe.ExitCode == 0
                ? (InfrastructureMode.Containers, $"'{runtime}' is running")
                : (InfrastructureMode.Local, $"'{runtime}' is not running");
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (InfrastructureMode.Local, $"no '{runtime}' command on PATH");
        }
    }
}

/// <summary>Carries the resolved <see cref="InfrastructureMode"/> in the app model (hidden in the dashboard).</summary>
public sealed class InfrastructureModeResource(InfrastructureMode mode, string reason) : Resource("infrastructure-mode")
{
    /// <summary>The resolved mode.</summary>
    public InfrastructureMode Mode { get; } = mode;

    /// <summary>Why this mode was chosen, for logs.</summary>
    public string Reason { get; } = reason;
}
