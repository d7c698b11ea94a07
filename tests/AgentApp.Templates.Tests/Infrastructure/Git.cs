namespace AgentApp.Templates.Tests.Infrastructure;

/// <summary>What git tracks in this repository: the template package must hold exactly that.</summary>
public static class Git
{
    private static readonly Lazy<Task<IReadOnlyList<string>>> s_trackedTemplateFiles = new(async () =>
    {
        var result = await ChildProcess.RunAsync("git", ["ls-files", "-z", "--", "templates"], RepoPaths.Root, TimeSpan.FromMinutes(1));
        result.AssertSuccess();
        return result.Output.Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(f => f.Trim('\r', '\n'))
            .Where(f => f.Length > 0 && !f.EndsWith(".repo.md", StringComparison.OrdinalIgnoreCase))
            .Order(StringComparer.Ordinal)
            .ToList();
    });

    /// <summary>Repo-relative paths of tracked files under templates/, <c>*.repo.md</c> left out (they are never packed).</summary>
    public static Task<IReadOnlyList<string>> TrackedTemplateFilesAsync() => s_trackedTemplateFiles.Value;
}
