namespace AgentApp.Templates.Tests.Infrastructure;

/// <summary>Where things are in this repository, found from the test assembly's location.</summary>
public static class RepoPaths
{
    public const string PackerFileName = "AgentApp.Templates.csproj";

    private static readonly Lazy<string> s_root = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, PackerFileName)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No {PackerFileName} above {AppContext.BaseDirectory}.");
    });

    public static string Root => s_root.Value;

    public static string Packer => Path.Combine(Root, PackerFileName);

    public static string RootSolution => Path.Combine(Root, "AgentApp.Templates.slnx");

    /// <summary>The template root: the reference solution, with .template.config/ in it.</summary>
    public static string TemplateRoot => Path.Combine(Root, "templates", "agentapp");

    public static string TemplateJson => Path.Combine(TemplateRoot, ".template.config", "template.json");

    public static string TemplateSolution => Path.Combine(TemplateRoot, "AgentApp.sln");
}
