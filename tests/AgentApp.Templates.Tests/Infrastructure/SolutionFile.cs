using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AgentApp.Templates.Tests.Infrastructure;

/// <summary>One <c>Project(...) = "Name", "Path", "{Guid}"</c> entry of a classic .sln.</summary>
public sealed record SolutionProject(string TypeGuid, string Name, string Path, string Guid);

/// <summary>Just enough of the .sln and .slnx formats to compare a solution with the disk.</summary>
public static partial class SolutionFile
{
    public const string SolutionFolderTypeGuid = "2150E333-8FDC-42A3-9474-1A3956D46DE8";

    /// <summary>Every project entry, solution folders included, with '/' separators.</summary>
    public static IReadOnlyList<SolutionProject> ReadProjects(string slnPath) =>
        ProjectLine().Matches(File.ReadAllText(slnPath))
            .Select(m => new SolutionProject(
                m.Groups["type"].Value.ToUpperInvariant(), m.Groups["name"].Value,
                m.Groups["path"].Value.Replace('\\', '/'), m.Groups["guid"].Value.ToUpperInvariant()))
            .ToList();

    /// <summary>Project entries that are real projects (not solution folders).</summary>
    public static IReadOnlyList<SolutionProject> ReadBuildableProjects(string slnPath) =>
        ReadProjects(slnPath).Where(p => p.TypeGuid != SolutionFolderTypeGuid).ToList();

    /// <summary>GUIDs named by ProjectConfigurationPlatforms lines (<c>{GUID}.Debug|Any CPU.Build.0 = …</c>).</summary>
    public static IReadOnlySet<string> ReadConfiguredGuids(string slnPath) =>
        ConfigurationLine().Matches(File.ReadAllText(slnPath)).Select(m => m.Groups["guid"].Value.ToUpperInvariant()).ToHashSet();

    /// <summary>Project paths of a .slnx, with '/' separators.</summary>
    public static IReadOnlyList<string> ReadSlnxProjectPaths(string slnxPath) =>
        XDocument.Load(slnxPath).Descendants("Project")
            .Select(p => ((string?)p.Attribute("Path") ?? throw new InvalidDataException($"{slnxPath}: <Project> without Path")).Replace('\\', '/'))
            .ToList();

    [GeneratedRegex("""^Project\("\{(?<type>[0-9A-Fa-f-]+)\}"\)\s*=\s*"(?<name>[^"]*)"\s*,\s*"(?<path>[^"]*)"\s*,\s*"\{(?<guid>[0-9A-Fa-f-]+)\}"\s*$""", RegexOptions.Multiline)]
    private static partial Regex ProjectLine();

    [GeneratedRegex("""^\s*\{(?<guid>[0-9A-Fa-f-]+)\}\.[^=]+=""", RegexOptions.Multiline)]
    private static partial Regex ConfigurationLine();
}
