namespace AgentApp.Templates.Tests;

/// <summary>What `dotnet new agentapp` tells and refuses.</summary>
[Collection(TemplateCollection.Name)]
public sealed class CommandLineTests(TemplateFixture template)
{
    [Fact]
    public async Task Help_DocumentsLlmWithItsChoicesAndNoRestore()
    {
        var help = (await template.NewAsync("--help")).AssertSuccess();

        Assert.Contains("--llm", help.Output, StringComparison.Ordinal);
        Assert.All(TemplateFacts.LlmChoices, choice => Assert.Contains(choice, help.Output, StringComparison.Ordinal));
        Assert.Contains($"Default: {TemplateFacts.DefaultLlm}", help.Output, StringComparison.Ordinal);
        Assert.Contains("--no-restore", help.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownLlm_IsRejectedAndGeneratesNothing()
    {
        var output = Path.Combine(template.WorkRoot, "rejected");
        var result = await template.NewAsync("-n", AppName.Dotted.Name, "-o", output, "--llm", "bogus", "--no-restore");

        Assert.False(result.TimedOut, result.Describe());
        Assert.True(result.ExitCode != 0, result.Describe());
        Assert.Contains("bogus", result.Output, StringComparison.Ordinal);
        Assert.False(Directory.Exists(output) && Directory.EnumerateFileSystemEntries(output).Any(), $"{output} has files:\n{result.Describe()}");
    }
}
