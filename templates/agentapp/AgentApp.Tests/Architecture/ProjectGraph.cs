using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AgentApp.Tests.Architecture;

/// <summary>
/// The projects a solution lists, read from their .csproj files: what each references, and which items reach files
/// outside its own folder. No MSBuild evaluation: the rules it checks are about what the files say.
/// </summary>
public sealed partial class ProjectGraph
{
    private static readonly string[] s_sourceItems = ["Compile", "EmbeddedResource", "Content", "None", "AdditionalFiles"];

    private ProjectGraph(IReadOnlyDictionary<string, XDocument> projects) => Projects = projects;

    /// <summary>Each project's full path and its XML.</summary>
    public IReadOnlyDictionary<string, XDocument> Projects { get; }

    /// <summary>The projects <paramref name="solutionPath"/> lists (.sln or .slnx).</summary>
    public static ProjectGraph FromSolution(string solutionPath)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(solutionPath))!;
        var paths = SolutionProjectPath().Matches(File.ReadAllText(solutionPath))
            .Select(m => Path.GetFullPath(Path.Combine(directory, m.Groups["path"].Value.Replace('\\', '/'))));
        return FromProjects(paths);
    }

    /// <summary>The projects at <paramref name="projectPaths"/>.</summary>
    public static ProjectGraph FromProjects(IEnumerable<string> projectPaths) =>
        new(projectPaths.Distinct().ToDictionary(p => p, p => XDocument.Load(p)));

    /// <summary>The projects <paramref name="project"/> references, as full paths.</summary>
    public IEnumerable<string> References(string project) =>
        Items(Projects[project], "ProjectReference").Select(include => Resolve(project, include));

    /// <summary>Every reference cycle, each as the projects on it (first repeated last); empty when the graph is a DAG.</summary>
    public IReadOnlyList<IReadOnlyList<string>> Cycles()
    {
        var cycles = new List<IReadOnlyList<string>>();
        var done = new HashSet<string>();
        var path = new List<string>();
        foreach (var project in Projects.Keys)
        {
            Visit(project);
        }

        return cycles;

        void Visit(string project)
        {
            var onPath = path.IndexOf(project);
            if (onPath >= 0)
            {
                cycles.Add([.. path[onPath..], project]);
                return;
            }

            if (!done.Add(project))
            {
                return;
            }

            path.Add(project);
            foreach (var reference in References(project).Where(Projects.ContainsKey))
            {
                Visit(reference);
            }

            path.RemoveAt(path.Count - 1);
        }
    }

    /// <summary>Items (Compile, EmbeddedResource, Content, None…) of any project that name a file outside its own folder.</summary>
    public IEnumerable<string> LinkedFiles() =>
        from project in Projects
        let folder = Path.GetDirectoryName(project.Key)! + Path.DirectorySeparatorChar
        from item in s_sourceItems
        from include in Items(project.Value, item)
        let full = Resolve(project.Key, include)
        where !full.StartsWith(folder, StringComparison.Ordinal)
        select $"{Path.GetFileName(project.Key)}: <{item} Include=\"{include}\">";

    /// <summary>Project references that give the referenced assembly an alias (they exist for <c>extern alias</c>).</summary>
    public IEnumerable<string> AliasedReferences() =>
        from project in Projects
        from reference in project.Value.Descendants("ProjectReference")
        where reference.Attribute("Aliases") is not null || reference.Element("Aliases") is not null
        select $"{Path.GetFileName(project.Key)} -> {(string?)reference.Attribute("Include")}";

    private static IEnumerable<string> Items(XDocument project, string item) =>
        project.Descendants(item)
            .Select(e => (string?)e.Attribute("Include"))
            .OfType<string>()
            .SelectMany(include => include.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static string Resolve(string project, string include) =>
        Path.GetFullPath(Path.Combine(Path.GetDirectoryName(project)!, include.Replace('\\', '/')));

    [GeneratedRegex(@"""(?<path>[^""]+\.csproj)""")]
    private static partial Regex SolutionProjectPath();
}
