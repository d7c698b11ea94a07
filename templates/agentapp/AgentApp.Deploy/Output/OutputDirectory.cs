namespace AgentApp.Deploy.Output;

/// <summary>Writes generated files, replacing what an earlier run generated.</summary>
public static class OutputDirectory
{
    /// <summary>The directories the generator owns inside the output directory; they are replaced as a whole.</summary>
    public static readonly string[] OwnedDirectories = ["base", "components", "overlays"];

    /// <summary>
    /// Deletes the owned directories (so objects that left the manifest leave the output too), then writes every file
    /// with LF line endings and no BOM. Anything else in <paramref name="directory"/> is left alone.
    /// </summary>
    public static void Write(string directory, GeneratedFiles files)
    {
        Directory.CreateDirectory(directory);
        foreach (var owned in OwnedDirectories.Select(d => Path.Combine(directory, d)).Where(Directory.Exists))
        {
            Directory.Delete(owned, recursive: true);
        }

        foreach (var (path, content) in files.Files)
        {
            var full = Path.Combine(directory, path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, content, new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false));
        }
    }
}
