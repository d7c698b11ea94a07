namespace AgentApp.Tests.Architecture;

/// <summary>
/// The solution's projects share code by reference only: no project compiles another's files, references form no cycle,
/// and no reference needs an alias.
/// </summary>
public sealed class ProjectGraphTests : IDisposable
{
    private readonly string _scratch = Directory.CreateTempSubdirectory("project-graph-").FullName;

    [Fact]
    public void Solution_HasNoReferenceCycle()
    {
        var graph = ProjectGraph.FromSolution(SolutionFile());

        Assert.True(graph.Projects.Count > 1, $"{SolutionFile()} lists {graph.Projects.Count} project(s).");
        var cycles = graph.Cycles().Select(c => string.Join(" -> ", c.Select(Path.GetFileNameWithoutExtension)));
        Assert.Empty(cycles);
    }

    [Fact]
    public void Solution_CompilesNoFileOfAnotherProject()
    {
        var graph = ProjectGraph.FromSolution(SolutionFile());

        Assert.Empty(graph.LinkedFiles());
        Assert.Empty(graph.AliasedReferences());
    }

    [Fact]
    public void Solution_SourceHasNoExternAlias()
    {
        var root = Path.GetDirectoryName(SolutionFile())!;
        var offenders = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(f => File.ReadLines(f).Any(l => l.TrimStart().StartsWith("extern alias ", StringComparison.Ordinal)))
            .Select(f => Path.GetRelativePath(root, f));

        Assert.Empty(offenders);
    }

    [Fact]
    public void Cycles_FindsAProjectThatReferencesItsReferrer()
    {
        var a = Project("A", "<ProjectReference Include=\"../B/B.csproj\" />");
        var b = Project("B", "<ProjectReference Include=\"../C/C.csproj\" />");
        var c = Project("C", "<ProjectReference Include=\"../A/A.csproj\" />");
        var d = Project("D", "<ProjectReference Include=\"../A/A.csproj\" />");

        var cycle = Assert.Single(ProjectGraph.FromProjects([d, a, b, c]).Cycles());

        Assert.Equal(["A", "B", "C", "A"], cycle.Select(Path.GetFileNameWithoutExtension));
        Assert.Empty(ProjectGraph.FromProjects([d, a, b]).Cycles());
    }

    [Fact]
    public void LinkedFiles_FindsItemsOutsideTheProjectFolder()
    {
        var linked = Project("A", """
            <Compile Include="..\B\Shared.cs;Local.cs" Link="Shared.cs" />
            <EmbeddedResource Include="../B/Data/*.md" />
            <None Include="Schemas/*.json" />
            """);
        var clean = Project("B", "<Compile Include=\"Sub/Own.cs\" />");

        var found = ProjectGraph.FromProjects([linked, clean]).LinkedFiles().ToList();

        Assert.Equal(2, found.Count);
        Assert.Contains(found, f => f.Contains(@"..\B\Shared.cs", StringComparison.Ordinal));
        Assert.Contains(found, f => f.Contains("../B/Data/*.md", StringComparison.Ordinal));
    }

    [Fact]
    public void AliasedReferences_FindsReferencesWithAnAlias()
    {
        var aliased = Project("A", "<ProjectReference Include=\"../B/B.csproj\" Aliases=\"b\" />");
        var plain = Project("B", "<ProjectReference Include=\"../C/C.csproj\" />");

        Assert.Single(ProjectGraph.FromProjects([aliased, plain]).AliasedReferences());
    }

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    private string Project(string name, string items)
    {
        var path = Path.Combine(_scratch, name, $"{name}.csproj");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, $"""<Project Sdk="Microsoft.NET.Sdk"><ItemGroup>{items}</ItemGroup></Project>""");
        return path;
    }

    private static string SolutionFile()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (directory.GetFiles("*.sln").FirstOrDefault() is { } solution)
            {
                return solution.FullName;
            }
        }

        throw new InvalidOperationException($"No .sln above {AppContext.BaseDirectory}.");
    }
}
