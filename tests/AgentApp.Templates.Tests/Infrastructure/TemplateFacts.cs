namespace AgentApp.Templates.Tests.Infrastructure;

/// <summary>What the template promises, in one place: the tests compare generated output against these.</summary>
public static class TemplateFacts
{
    public const string ShortName = "agentapp";

    public const string PackageFileName = "AgentApp.Templates.0.1.0.nupkg";

    /// <summary>The <c>--llm</c> choices; <c>offline</c> is the default. TemplateSourceTests keeps this equal to template.json.</summary>
    public static readonly string[] LlmChoices = ["offline", "openai", "azureopenai", "ollama"];

    public const string DefaultLlm = "offline";

    /// <summary>Project suffixes: every generated solution has <c>{Namespace}.{suffix}/{Namespace}.{suffix}.csproj</c>.</summary>
    public static readonly string[] ProjectSuffixes = ["AppHost", "ServiceDefaults", "Contracts", "DaprHosting", "Agent", "Messaging", "Quotas", "Api", "Actors", "Worker", "Gateway", "Web", "Deploy", "Testing", "Tests"];

    /// <summary>Files at the root of every generated solution besides the .sln.</summary>
    public static readonly string[] RootFiles = ["README.md", "Directory.Build.props", "Directory.Packages.props", ".editorconfig", ".gitignore"];

    /// <summary>The AppHost line that declares the optional chat connection string, in every generated app.</summary>
    public const string ChatModelMarker = "builder.AddChatModel(";
}

/// <summary>A name passed to <c>-n</c>, and what the template must derive from it.</summary>
/// <param name="Name">The <c>-n</c> value.</param>
/// <param name="Namespace">safe_namespace: folders, files, namespaces, solution entries.</param>
/// <param name="ClassPrefix">safe_name + '_': Aspire's <c>Projects.*</c> class names.</param>
public sealed record AppName(string Name, string Namespace, string ClassPrefix)
{
    public static readonly AppName Dotted = new("Contoso.Agents", "Contoso.Agents", "Contoso_Agents_");

    public static readonly AppName Hyphenated = new("contoso-agents", "contoso_agents", "contoso_agents_");

    public static readonly AppName[] All = [Dotted, Hyphenated];

    public static AppName Of(string name) => All.Single(n => n.Name == name);

    public string ProjectName(string suffix) => $"{Namespace}.{suffix}";

    public string ProjectPath(string suffix) => $"{ProjectName(suffix)}/{ProjectName(suffix)}.csproj";

    public string SolutionFileName => $"{Namespace}.sln";
}
