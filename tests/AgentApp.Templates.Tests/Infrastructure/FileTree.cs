namespace AgentApp.Templates.Tests.Infrastructure;

/// <summary>Files under a folder as relative '/' paths, build output left out.</summary>
public static class FileTree
{
    private static readonly EnumerationOptions s_everything = new()
    {
        RecurseSubdirectories = true,
        AttributesToSkip = 0, // dot-files count as hidden on Linux: .gitignore, .editorconfig
    };

    public static IReadOnlyList<string> RelativeFiles(string root) =>
        Directory.EnumerateFiles(root, "*", s_everything)
            .Select(f => Path.GetRelativePath(root, f).Replace('\\', '/'))
            .Where(f => !f.Split('/').Any(segment => segment is "bin" or "obj"))
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The text of a file, or null when it looks binary (has a NUL byte).</summary>
    public static string? ReadText(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return Array.IndexOf(bytes, (byte)0) >= 0 ? null : System.Text.Encoding.UTF8.GetString(bytes);
    }
}
