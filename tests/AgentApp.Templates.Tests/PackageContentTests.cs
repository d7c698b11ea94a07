using System.IO.Compression;

namespace AgentApp.Templates.Tests;

/// <summary>The package holds the template exactly as committed: no build output, no stray local file.</summary>
[Collection(TemplateCollection.Name)]
public sealed class PackageContentTests(TemplateFixture template)
{
    [Fact]
    public async Task PackageContent_IsExactlyTheTrackedTemplateFiles()
    {
        using var package = ZipFile.OpenRead(template.PackagePath);
        var packed = package.Entries
            .Select(e => Uri.UnescapeDataString(e.FullName))
            .Where(e => e.StartsWith("content/", StringComparison.Ordinal))
            .Select(e => e["content/".Length..])
            .Order(StringComparer.Ordinal)
            .ToList();
        var tracked = await Git.TrackedTemplateFilesAsync();

        // An untracked file (say a scratch Program2.cs) would ship to every user: commit it, delete it, or exclude it in
        // both AgentApp.Templates.csproj and template.json "sources.exclude".
        Assert.True(packed.SequenceEqual(tracked),
            $"Packed but not tracked by git:\n  {string.Join("\n  ", packed.Except(tracked))}\n" +
            $"Tracked but not packed:\n  {string.Join("\n  ", tracked.Except(packed))}");
        Assert.Contains("templates/agentapp/.template.config/template.json", packed);
        Assert.Contains("templates/agentapp/.gitignore", packed);
    }
}
