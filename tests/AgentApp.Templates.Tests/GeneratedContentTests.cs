using System.Text.Json;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace AgentApp.Templates.Tests;

/// <summary>
/// Generate-only checks (<c>--no-restore</c>, about a second each) for both name shapes and every <c>--llm</c> choice:
/// what the engine renamed, removed and kept.
/// </summary>
[Collection(TemplateCollection.Name)]
public sealed partial class GeneratedContentTests(TemplateFixture template)
{
    /// <summary>Template plumbing that must never reach a generated file.</summary>
    private static readonly string[] s_leftovers =
        ["#if (", "#elif (", "<!--#", "//#", ":noEmit", "TEMPLATE_SHORT_NAME", "TemplateLlm"];

    public static TheoryData<string, string> NamesAndChoices()
    {
        var data = new TheoryData<string, string>();
        foreach (var name in AppName.All)
        {
            foreach (var llm in TemplateFacts.LlmChoices)
            {
                data.Add(name.Name, llm);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(NamesAndChoices))]
    public async Task FileSet_HasEveryProjectAndNoTemplatePlumbing(string name, string llm)
    {
        var app = AppName.Of(name);
        var root = await template.GeneratedAsync(name, llm);
        var files = FileTree.RelativeFiles(root);

        string[] required = [app.SolutionFileName, .. TemplateFacts.RootFiles, .. TemplateFacts.ProjectSuffixes.Select(app.ProjectPath)];
        Assert.Empty(required.Except(files));
        Assert.DoesNotContain(files, f => f.StartsWith(".template.config/", StringComparison.Ordinal));
        Assert.DoesNotContain(files, f => f.EndsWith(".repo.md", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(files, f => f.Contains("agentapp", StringComparison.OrdinalIgnoreCase));

        // Nothing appears that the repo does not track: every generated file is a tracked template file, renamed.
        var tracked = (await Git.TrackedTemplateFilesAsync())
            .Select(f => f["templates/agentapp/".Length..])
            .Where(f => !f.StartsWith(".template.config/", StringComparison.Ordinal))
            .Select(f => f.Replace("AgentApp", app.Namespace, StringComparison.Ordinal))
            .ToHashSet();
        Assert.Empty(files.Except(tracked));
    }

    [Theory]
    [MemberData(nameof(NamesAndChoices))]
    public async Task Content_HasNoTemplateNameOrDirectiveLeft(string name, string llm)
    {
        var root = await template.GeneratedAsync(name, llm);
        var problems = new List<string>();
        foreach (var file in FileTree.RelativeFiles(root))
        {
            var text = FileTree.ReadText(Path.Combine(root, file));
            if (text is null)
            {
                continue;
            }

            var lines = text.Split('\n');
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                problems.AddRange(s_leftovers
                    .Where(leftover => line.Contains(leftover, StringComparison.Ordinal))
                    .Select(leftover => $"{file}:{i + 1}: '{leftover}' in: {line.Trim()}"));

                // The template's own short name may stay where it names the template (`dotnet new agentapp`); any
                // other spelling of the source name means the engine missed a replacement.
                if (ShortNameCommand().Replace(line, "").Contains("agentapp", StringComparison.OrdinalIgnoreCase))
                {
                    problems.Add($"{file}:{i + 1}: source name left in: {line.Trim()}");
                }
            }
        }

        Assert.True(problems.Count == 0, $"{root}:\n{string.Join('\n', problems)}");
    }

    [Theory]
    [MemberData(nameof(NamesAndChoices))]
    public async Task Solution_ListsExactlyTheProjectsOnDisk(string name, string llm)
    {
        var app = AppName.Of(name);
        var root = await template.GeneratedAsync(name, llm);
        Assert.Equal([app.SolutionFileName], Directory.GetFiles(root, "*.sln*").Select(Path.GetFileName));

        var sln = Path.Combine(root, app.SolutionFileName);
        var projects = SolutionFile.ReadProjects(sln);
        Assert.DoesNotContain(projects, p => p.TypeGuid == SolutionFile.SolutionFolderTypeGuid); // the spec: no solution folders

        var onDisk = FileTree.RelativeFiles(root).Where(f => f.EndsWith(".csproj", StringComparison.Ordinal)).ToList();
        Assert.Equal(onDisk, projects.Select(p => p.Path).Order(StringComparer.Ordinal));
        Assert.All(projects, p => Assert.Equal(Path.GetFileNameWithoutExtension(p.Path), p.Name));

        // template.json "guids" makes the engine give every generated solution fresh project GUIDs.
        var guids = projects.Select(p => p.Guid).ToList();
        Assert.Equal(guids.Count, guids.Distinct().Count());
        var templateGuids = SolutionFile.ReadProjects(RepoPaths.TemplateSolution).Select(p => p.Guid);
        Assert.Empty(guids.Intersect(templateGuids));
        Assert.Equal(guids.Order(), SolutionFile.ReadConfiguredGuids(sln).Order());
    }

    [Theory]
    [MemberData(nameof(NamesAndChoices))]
    public async Task JsonFiles_ParseAndKeepTheirUrls(string name, string llm)
    {
        var root = await template.GeneratedAsync(name, llm);
        var problems = new List<string>();
        foreach (var file in FileTree.RelativeFiles(root).Where(f => f.EndsWith(".json", StringComparison.OrdinalIgnoreCase)))
        {
            var path = Path.Combine(root, file);
            try
            {
                using var stream = File.OpenRead(path);
                using var _ = JsonDocument.Parse(stream, new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
            }
            catch (JsonException e)
            {
                problems.Add($"{file}: {e.Message}");
            }

            // Uncommenting a `////` branch strips every `//` in it: "http://localhost" becomes "http:localhost".
            problems.AddRange(UrlWithoutSlashes().Matches(File.ReadAllText(path)).Select(m => $"{file}: '{m.Value}…' lost its '//'"));
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Theory]
    [MemberData(nameof(NamesAndChoices))]
    public async Task AppHost_NamesEveryServiceByItsGeneratedProjectsClass(string name, string llm)
    {
        var app = AppName.Of(name);
        var root = await template.GeneratedAsync(name, llm);
        var appHost = Path.Combine(root, app.ProjectName("AppHost"));

        var used = FileTree.RelativeFiles(appHost).Where(f => f.EndsWith(".cs", StringComparison.Ordinal))
            .SelectMany(f => ProjectsClass().Matches(File.ReadAllText(Path.Combine(appHost, f))).Select(m => m.Groups["name"].Value))
            .ToHashSet();
        Assert.True(used.Count > 0, $"{app.ProjectName("AppHost")} names no Projects.{app.ClassPrefix}* class.");

        // Aspire generates Projects.<project file name with '.' and '-' as '_'> for each project the AppHost references.
        var existing = FileTree.RelativeFiles(root).Where(f => f.EndsWith(".csproj", StringComparison.Ordinal)).Select(ClassName).ToHashSet();
        Assert.All(used, c => Assert.StartsWith(app.ClassPrefix, c, StringComparison.Ordinal));
        Assert.Empty(used.Except(existing));

        var services = XDocument.Load(Path.Combine(appHost, $"{app.ProjectName("AppHost")}.csproj"))
            .Descendants("ProjectReference")
            .Where(r => !string.Equals((string?)r.Attribute("IsAspireProjectResource") ?? (string?)r.Element("IsAspireProjectResource"), "false", StringComparison.OrdinalIgnoreCase))
            .Select(r => ClassName((string)r.Attribute("Include")!));
        Assert.Empty(services.Except(used));
    }

    [Theory]
    [MemberData(nameof(NamesAndChoices))]
    public async Task AppHost_ReadsTheOptionalChatConnectionWithTheChosenProviderAsDefault(string name, string llm)
    {
        var app = AppName.Of(name);
        var root = await template.GeneratedAsync(name, llm);
        var program = Path.Combine(root, app.ProjectName("AppHost"), "Program.cs");
        var lines = File.ReadAllLines(program).Where(l => l.Contains(TemplateFacts.ChatModelMarker, StringComparison.Ordinal)).ToList();

        // Every app reads ConnectionStrings:chat (none = offline); --llm only picks the provider a string without one is for.
        var line = Assert.Single(lines);
        if (llm == "offline")
        {
            Assert.DoesNotContain("defaultProvider", line, StringComparison.Ordinal);
        }
        else
        {
            Assert.Contains($"defaultProvider: ChatProviders.", line, StringComparison.Ordinal);
            Assert.Contains(llm, line, StringComparison.OrdinalIgnoreCase);
        }

        Assert.Equal(2, File.ReadAllLines(program).Count(l => l.Contains(".WithChatModel(chat)", StringComparison.Ordinal)));
    }

    private static string ClassName(string projectPath) =>
        Path.GetFileNameWithoutExtension(projectPath.Replace('\\', '/')).Replace('.', '_').Replace('-', '_');

    [GeneratedRegex(@"dotnet new agentapp\b")]
    private static partial Regex ShortNameCommand();

    [GeneratedRegex(@"\b(?:https?|wss?):(?!//)")]
    private static partial Regex UrlWithoutSlashes();

    [GeneratedRegex(@"\bProjects\.(?<name>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex ProjectsClass();
}
