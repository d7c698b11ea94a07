using Xunit.Abstractions;

namespace AgentApp.Templates.Tests;

/// <summary>Generated solutions build and pass their own tests, outside this repository.</summary>
[Collection(TemplateCollection.Name)]
public sealed class BuildTests(TemplateFixture template, ITestOutputHelper log)
{
    // Restore, a Debug build of every project and the generated suite (end-to-end AppHost boot, the 1,000-task worker-kill
    // test) ran past 10 minutes on a loaded 2-core machine; the limit is there to kill hangs, not to time the suite.
    private static readonly TimeSpan s_buildTimeout = TimeSpan.FromMinutes(15);

    [Fact]
    public async Task HyphenatedNameWithDefaultLlm_RestoresAndPassesItsOwnTests()
    {
        // No --llm (the default) and no --no-restore: the restore post-action runs on the primary output, the .sln.
        var root = await template.GenerateAsync(AppName.Hyphenated.Name, llm: null, Path.Combine("build", "default"), restore: true);
        Assert.True(File.Exists(Path.Combine(root, AppName.Hyphenated.ProjectName("AppHost"), "obj", "project.assets.json")),
            "The restore post-action did not restore the generated solution.");

        // Its own test project includes the end-to-end test that boots the AppHost without containers.
        Report(await ChildProcess.DotNetAsync(["test", AppName.Hyphenated.SolutionFileName], root, s_buildTimeout));
    }

    [Fact]
    public async Task DottedNameWithEachModelProvider_BuildsWithoutWarnings()
    {
        var solutions = new List<string>();
        foreach (var llm in TemplateFacts.LlmChoices.Where(c => c != TemplateFacts.DefaultLlm))
        {
            var root = await template.GenerateAsync(AppName.Dotted.Name, llm, Path.Combine("build", llm));
            solutions.Add(Path.Combine(root, AppName.Dotted.SolutionFileName));
        }

        // One MSBuild invocation for all of them: a warm evaluation cache and one compiler server instead of three cold
        // starts. A .slnx cannot aggregate them: the project names repeat.
        var aggregate = Path.Combine(template.WorkRoot, "build", "providers.proj");
        File.WriteAllText(aggregate, $"""
            <Project DefaultTargets="Build">
              <ItemGroup>
            {string.Concat(solutions.Select(s => $"    <Solution Include=\"{s}\" />\n"))}  </ItemGroup>
              <Target Name="Restore">
                <MSBuild Projects="@(Solution)" Targets="Restore" />
              </Target>
              <Target Name="Build">
                <MSBuild Projects="@(Solution)" Targets="Build" BuildInParallel="true" />
              </Target>
            </Project>
            """);
        Report(await ChildProcess.DotNetAsync(["build", aggregate, "-warnaserror"], Path.GetDirectoryName(aggregate)!, s_buildTimeout));
    }

    private void Report(CommandResult result)
    {
        log.WriteLine($"{result.CommandLine}: exit {result.ExitCode} in {result.Elapsed.TotalSeconds:0.0} s");
        result.AssertSuccess();
    }
}
