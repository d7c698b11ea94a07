using AgentApp.Deploy.Kustomize;
using AgentApp.Deploy.Manifest;
using AgentApp.Deploy.Model;
using AgentApp.Deploy.Output;

namespace AgentApp.Deploy;

/// <summary>Turns an Aspire manifest into a kustomize tree: <c>base/</c>, <c>components/</c>, <c>overlays/{development,production}</c>.</summary>
public static class KubernetesGenerator
{
    /// <summary>The result: the files, and what was left out or needs the operator's attention.</summary>
    /// <param name="Model">The deployment model the files were built from.</param>
    /// <param name="Files">Relative path → content.</param>
    /// <param name="Warnings">Human-readable notes, in a stable order.</param>
    public sealed record Result(AppModel Model, GeneratedFiles Files, IReadOnlyList<string> Warnings);

    /// <summary>Generates every file in memory. The same manifest and options always give the same bytes.</summary>
    /// <exception cref="ManifestException">The manifest cannot be deployed as is.</exception>
    public static Result Generate(AspireManifest manifest, GeneratorOptions options)
    {
        if (Model.ImageTag.Problem(options.Tag) is { } problem)
        {
            throw new InvalidOperationException(problem);
        }

        var warnings = new List<string>();
        if (!Model.ImageTag.IsImmutable(options.Tag))
        {
            warnings.Add($"images: the tag '{options.Tag}' moves to newer builds, so pods pull it on every start (imagePullPolicy: Always) and a rollback cannot name the old build; deploy a version or commit tag");
        }

        var app = AppModelBuilder.Build(manifest, options, warnings);
        var files = new GeneratedFiles();
        BaseWriter.Write(app, options, files);
        var components = new List<string>();
        if (ComponentsWriter.WriteSecrets(app, files) is { } secrets)
        {
            components.Add(secrets);
        }

        var infrastructure = options.WithInfrastructure ? ComponentsWriter.WriteInfrastructure(app, options, files, warnings) : null;
        if (infrastructure is not null)
        {
            components.Add(infrastructure);
        }

        var strimziTopics = ComponentsWriter.WriteStrimziTopics(app, options, files);
        if (strimziTopics is not null && infrastructure is null)
        {
            components.Add(strimziTopics);
        }

        OverlayWriter.WriteDevelopment(app, options, files, components);
        OverlayWriter.WriteProduction(app, options, files, strimziTopics is null ? [] : [strimziTopics]);
        files.Add("README.md", OperatorGuide.Write(app, options, infrastructure is not null));
        if (options.Monitoring is { } monitoring)
        {
            Monitoring.MonitoringWriter.Write(app, options, monitoring, files);
        }

        return new Result(app, files, [.. warnings.Distinct().Order(StringComparer.Ordinal)]);
    }
}
