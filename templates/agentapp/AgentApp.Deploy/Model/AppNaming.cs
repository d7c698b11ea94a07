using AgentApp.Deploy.Manifest;

namespace AgentApp.Deploy.Model;

/// <summary>Names derived from the manifest's project paths, so a renamed solution keeps consistent names.</summary>
public static class AppNaming
{
    /// <summary>
    /// The image repository of a project: its file name in lower case (<c>AgentApp.Api.csproj</c> → <c>agentapp.api</c>),
    /// which is also the SDK's default <c>ContainerRepository</c>; Directory.Build.props spells the same rule out.
    /// </summary>
    public static string ImageName(ManifestResource project)
    {
        var path = project.ProjectPath ?? throw new ManifestException($"Project '{project.Name}' has no path.");
        return Path.GetFileNameWithoutExtension(path.Replace('\\', '/').Split('/')[^1]).ToLowerInvariant();
    }

    /// <summary>The dotted prefix all project names share (<c>AgentApp.Api</c>, <c>AgentApp.Worker</c> → <c>agentapp</c>).</summary>
    public static string AppName(IEnumerable<ManifestResource> projects)
    {
        var names = projects
            .Select(p => Path.GetFileNameWithoutExtension((p.ProjectPath ?? p.Name).Replace('\\', '/').Split('/')[^1]).Split('.')[..^1])
            .ToList();
        if (names.Count == 0 || names.Any(n => n.Length == 0))
        {
            return "app";
        }

        var common = names[0].TakeWhile((segment, i) => names.All(n => n.Length > i && n[i] == segment)).ToArray();
        return common.Length == 0 ? "app" : string.Join('.', common).ToLowerInvariant();
    }
}
