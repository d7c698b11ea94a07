namespace AgentApp.Deploy.Kustomize;

/// <summary>A <c>kustomization.yaml</c> (<c>Kustomization</c> or, for reusable parts, <c>Component</c>).</summary>
public sealed class Kustomization
{
    /// <summary><c>kustomize.config.k8s.io/v1beta1</c>, or <c>v1alpha1</c> for a Component.</summary>
    public string ApiVersion { get; set; } = "kustomize.config.k8s.io/v1beta1";

    /// <summary><c>Kustomization</c> or <c>Component</c>.</summary>
    public string Kind { get; set; } = "Kustomization";

    /// <summary>The namespace every resource is put in.</summary>
    public string? Namespace { get; set; }

    /// <summary>Files and directories, in order.</summary>
    public IList<string>? Resources { get; set; }

    /// <summary>Components to include.</summary>
    public IList<string>? Components { get; set; }

    /// <summary>Image name/tag rewrites (what <c>kustomize edit set image</c> changes in CI).</summary>
    public IList<KustomizeImage>? Images { get; set; }

    /// <summary>Strategic-merge patches.</summary>
    public IList<KustomizePatch>? Patches { get; set; }

    /// <summary>Labels added to every object (never to selectors).</summary>
    public IList<KustomizeLabels>? Labels { get; set; }

    /// <summary>A Component that adds <paramref name="resources"/>.</summary>
    public static Kustomization Component(IEnumerable<string> resources) =>
        new() { ApiVersion = "kustomize.config.k8s.io/v1alpha1", Kind = "Component", Resources = [.. resources] };
}

/// <summary>An <c>images</c> entry.</summary>
public sealed class KustomizeImage
{
    /// <summary>The image name used in the Deployments.</summary>
    public string Name { get; set; } = string.Empty;

    /// <summary>The full repository, with registry.</summary>
    public string? NewName { get; set; }

    /// <summary>The tag.</summary>
    public string? NewTag { get; set; }
}

/// <summary>A <c>patches</c> entry pointing at a file.</summary>
public sealed class KustomizePatch
{
    /// <summary>The patch file, relative to the kustomization.</summary>
    public string Path { get; set; } = string.Empty;
}

/// <summary>A <c>labels</c> entry.</summary>
public sealed class KustomizeLabels
{
    /// <summary>The labels.</summary>
    public IDictionary<string, string> Pairs { get; set; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>False: selectors are immutable and must not change between overlays.</summary>
    public bool IncludeSelectors { get; set; }
}
