
using AgentApp.Tests.Deploy.Support;

namespace AgentApp.Tests.Deploy;

/// <summary>The SDK's container settings name and tag each image exactly as the generator does.</summary>
public sealed class ContainerImageTests
{
    [Fact]
    public async Task The_SDK_publishes_each_service_under_the_image_name_and_tag_the_generator_writes()
    {
        var api = AgentApp.Deploy.Manifest.AspireManifest.Load(DeployPaths.SampleManifest)["api"];
        var project = DeployPaths.ProjectFile(api.ProjectPath!);

        var (exitCode, output) = await AgentApp.Tests.Support.ChildProcess.RunAsync("dotnet",
            ["msbuild", project, "-getProperty:ContainerRepository", "-getProperty:ContainerUser", "-getProperty:ContainerFamily", "-getProperty:ContainerImageTag", "-getProperty:Version"], TimeSpan.FromMinutes(2));

        Assert.True(exitCode == 0, output);
        var properties = System.Text.Json.Nodes.JsonNode.Parse(output[output.IndexOf('{', StringComparison.Ordinal)..])!["Properties"]!;
        Assert.Equal(AgentApp.Deploy.Model.AppNaming.ImageName(api), properties["ContainerRepository"]!.GetValue<string>());
        Assert.Equal(AgentApp.Deploy.Kubernetes.WorkloadDefaults.AppUserId.ToString(System.Globalization.CultureInfo.InvariantCulture), properties["ContainerUser"]!.GetValue<string>());
        // The SDK tags a published container with $(Version) unless ContainerImageTag says otherwise: the generator's default tag.
        var tag = properties["ContainerImageTag"]!.GetValue<string>() is { Length: > 0 } explicitTag ? explicitTag : properties["Version"]!.GetValue<string>();
        Assert.Equal(AgentApp.Deploy.Model.ImageTag.AppVersion, tag);
        Assert.Contains("chiseled", properties["ContainerFamily"]!.GetValue<string>(), StringComparison.Ordinal);
    }
}
