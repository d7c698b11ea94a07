namespace AgentApp.Deploy.Cli;

/// <summary>Finds the solution's AppHost project next to this tool, whatever the solution was named.</summary>
public static class AppHostLocator
{
    /// <summary>
    /// The solution name: this assembly's name without <c>.Deploy</c> (<c>Contoso.Agents.Deploy</c> → <c>Contoso.Agents</c>),
    /// so a solution generated from the template finds <c>Contoso.Agents.AppHost</c>.
    /// </summary>
    public static string SolutionName
    {
        get
        {
            var name = typeof(AppHostLocator).Assembly.GetName().Name!;
            return name.EndsWith(".Deploy", StringComparison.Ordinal) ? name[..^".Deploy".Length] : name;
        }
    }

    /// <summary>
    /// Looks for <c>&lt;Name&gt;.AppHost/&lt;Name&gt;.AppHost.csproj</c> (or under <c>src/</c>) in each directory from
    /// <paramref name="startDirectories"/> up to the root; the first hit wins.
    /// </summary>
    public static string? Find(IEnumerable<string> startDirectories)
    {
        var project = $"{SolutionName}.AppHost";
        foreach (var start in startDirectories)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                foreach (var candidate in new[] { Path.Combine(dir.FullName, project, $"{project}.csproj"), Path.Combine(dir.FullName, "src", project, $"{project}.csproj") })
                {
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }
        }

        return null;
    }

    /// <summary>Where to start: the working directory, then this tool's own output directory (inside the solution).</summary>
    public static IEnumerable<string> DefaultStartDirectories() => [Environment.CurrentDirectory, AppContext.BaseDirectory];
}
