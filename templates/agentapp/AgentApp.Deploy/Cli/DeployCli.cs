using System.CommandLine;

namespace AgentApp.Deploy.Cli;

/// <summary>The command line: <c>dotnet run --project &lt;Name&gt;.Deploy -- k8s --output deploy/k8s</c>.</summary>
public static class DeployCli
{
    /// <summary>The root command with its subcommands.</summary>
    public static RootCommand Create() => new("Deployment artefacts generated from the Aspire manifest.") { K8sCommand.Create() };
}
