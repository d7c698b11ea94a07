using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace AgentApp.Templates.Tests;

/// <summary>
/// Checks on the template's source in the repo, no engine needed: the mistakes the engine itself accepts silently
/// (a misspelt symbol is just false, <c>#if DEBUG</c> is evaluated as a symbol and removed).
/// </summary>
public sealed partial class TemplateSourceTests
{
    private static readonly JsonObject s_templateJson = JsonNode.Parse(File.ReadAllText(RepoPaths.TemplateJson))!.AsObject();

    private static JsonObject Symbols => s_templateJson["symbols"]!.AsObject();

    [Fact]
    public void LlmChoices_EachHaveADescriptionAComputedSymbolAndARepoConstant()
    {
        var llm = Symbols["llm"]!.AsObject();
        Assert.Equal("choice", (string?)llm["datatype"]);
        Assert.Equal(TemplateFacts.DefaultLlm, (string?)llm["defaultValue"]);
        var choices = llm["choices"]!.AsArray().Select(c => c!.AsObject()).ToList();
        Assert.Equal(TemplateFacts.LlmChoices, choices.Select(c => (string?)c["choice"]));
        Assert.All(choices, c => Assert.False(string.IsNullOrWhiteSpace((string?)c["description"]), $"{c["choice"]} has no description"));

        // Code says #if (UseOpenAI): a computed boolean per choice, and the repo's Directory.Build.props defines the same
        // constant from -p:TemplateLlm=<choice> so the code compiles in place.
        var props = File.ReadAllText(Path.Combine(RepoPaths.TemplateRoot, "Directory.Build.props"));
        foreach (var choice in TemplateFacts.LlmChoices)
        {
            var computed = Symbols.Where(s => (string?)s.Value!["type"] == "computed" && (string?)s.Value!["value"] == $"(llm == \"{choice}\")")
                .Select(s => s.Key).ToList();
            var symbol = Assert.Single(computed);
            Assert.Matches($"""<DefineConstants Condition="'\$\(TemplateLlm\)' == '{choice}'">\$\(DefineConstants\);{symbol}</DefineConstants>""", props);
        }
    }

    [Fact]
    public async Task TemplateDirectives_NameOnlyKnownSymbols_AndCompilerDirectivesAreShielded()
    {
        var known = Symbols.Select(s => s.Key).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var file in await Git.TrackedTemplateFilesAsync())
        {
            if (file.Contains("/.template.config/", StringComparison.Ordinal) || FileTree.ReadText(Path.Combine(RepoPaths.Root, file)) is not { } text)
            {
                continue;
            }

            var lines = text.Split('\n');
            var shielded = false;
            for (var i = 0; i < lines.Length; i++)
            {
                var line = lines[i];
                if (line.Contains("-:cnd:noEmit", StringComparison.Ordinal) || line.Contains("-:msbuild-conditional:noEmit", StringComparison.Ordinal))
                {
                    shielded = true;
                }
                else if (line.Contains("+:cnd:noEmit", StringComparison.Ordinal) || line.Contains("+:msbuild-conditional:noEmit", StringComparison.Ordinal))
                {
                    shielded = false;
                }

                if (shielded || Directive().Match(line) is not { Success: true } directive)
                {
                    continue;
                }

                var where = $"{file}:{i + 1}: {line.Trim()}";
                if (ParenthesizedExpression(directive.Groups["rest"].Value) is not { } expression)
                {
                    // The engine evaluates `#if DEBUG` as a template symbol (false) and deletes the block.
                    problems.Add($"{where}\n    not a template condition: write #if (Symbol), or wrap a compiler directive in //-:cnd:noEmit … //+:cnd:noEmit");
                    continue;
                }

                var unknown = Identifier().Matches(StringLiteral().Replace(expression, ""))
                    .Select(m => m.Value).Where(id => id is not ("true" or "false") && !known.Contains(id)).ToList();
                if (unknown.Count > 0)
                {
                    problems.Add($"{where}\n    unknown symbol {string.Join(", ", unknown)}: the engine would take it as false");
                }
            }
        }

        Assert.True(problems.Count == 0, string.Join('\n', problems));
    }

    [Fact]
    public void TemplateJsonGuids_CoverEveryProjectOfTheSolution()
    {
        var guids = s_templateJson["guids"]!.AsArray().Select(g => ((string)g!).ToUpperInvariant()).ToHashSet();
        var missing = SolutionFile.ReadProjects(RepoPaths.TemplateSolution).Where(p => !guids.Contains(p.Guid)).ToList();
        Assert.True(missing.Count == 0,
            $"Add these to \"guids\" in template.json, or every generated solution keeps the repo's GUIDs:\n{string.Join('\n', missing)}");
    }

    [Fact]
    public void RootSolution_HasThePackerTheTemplateTestsEveryReferenceProjectAndEveryBenchmark()
    {
        // The benchmarks are built with everything else, so a change that breaks one fails CI instead of bench/run.sh.
        var benchmarks = Directory.GetFiles(Path.Combine(RepoPaths.Root, "bench"), "*.csproj", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(RepoPaths.Root, p).Replace('\\', '/'));
        var expected = SolutionFile.ReadBuildableProjects(RepoPaths.TemplateSolution).Select(p => $"templates/agentapp/{p.Path}")
            .Append(RepoPaths.PackerFileName)
            .Append("tests/AgentApp.Templates.Tests/AgentApp.Templates.Tests.csproj")
            .Concat(benchmarks)
            .Order(StringComparer.Ordinal);
        Assert.Equal(expected, SolutionFile.ReadSlnxProjectPaths(RepoPaths.RootSolution).Order(StringComparer.Ordinal));
    }

    /// <summary>The text inside the parentheses that open <paramref name="rest"/>, or null when it does not open with one.</summary>
    private static string? ParenthesizedExpression(string rest)
    {
        rest = rest.TrimStart();
        if (!rest.StartsWith('('))
        {
            return null;
        }

        var depth = 0;
        for (var i = 0; i < rest.Length; i++)
        {
            depth += rest[i] switch { '(' => 1, ')' => -1, _ => 0 };
            if (depth == 0)
            {
                return rest[1..i];
            }
        }

        return null;
    }

    // #if / #elif / #elseif at the start of a line, bare or behind //, ////, <!--.
    [GeneratedRegex(@"^\s*(?:<!--|/{2,4})?\s*#(?:if|elif|elseif)\b(?<rest>.*)$")]
    private static partial Regex Directive();

    [GeneratedRegex("\"[^\"]*\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\b[A-Za-z_][A-Za-z0-9_]*\b")]
    private static partial Regex Identifier();
}
