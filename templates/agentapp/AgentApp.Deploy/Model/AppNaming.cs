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

    /// <summary>
    /// The prefix all project names share (<c>AgentApp.Api</c>, <c>AgentApp.Worker</c> → <c>agentapp</c>) as a
    /// <see cref="KubernetesName"/>.
    /// </summary>
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
        return common.Length == 0 ? "app" : KubernetesName(string.Join('.', common));
    }

    /// <summary>The longest application name: it prefixes object names and is a label value (at most 63), with room for suffixes.</summary>
    public const int MaxAppNameLength = 40;

    /// <summary>
    /// A name every Kubernetes rule accepts (DNS-1123 label, DNS-1035 label, label value): lower case, every run of other
    /// characters ('_', '.', spaces) one '-', starting with a letter, at most <paramref name="maxLength"/> characters;
    /// a longer name keeps its start and ends with a hash of the whole, so two long names stay apart.
    /// <c>contoso_agents</c> → <c>contoso-agents</c>, <c>Contoso.Agents</c> → <c>contoso-agents</c>.
    /// </summary>
    public static string KubernetesName(string name, int maxLength = MaxAppNameLength)
    {
        var text = new System.Text.StringBuilder();
        foreach (var c in name.ToLowerInvariant())
        {
            if (char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c))
            {
                text.Append(c);
            }
            else if (text.Length > 0 && text[^1] != '-')
            {
                text.Append('-');
            }
        }

        var result = text.ToString().Trim('-');
        if (result.Length == 0 || !char.IsAsciiLetterLower(result[0]))
        {
            result = "app-" + result;
        }

        if (result.Length <= maxLength)
        {
            return result.TrimEnd('-');
        }

        var hash = Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))[..8];
        return $"{result[..(maxLength - hash.Length - 1)].TrimEnd('-')}-{hash}";
    }
}
