using Aspire.Hosting.ApplicationModel;

namespace AgentApp.Hosting;

/// <summary>
/// A remote Model Context Protocol server (Streamable HTTP) whose tools the services that reference it give their
/// agent, named <c>&lt;resource name&gt;__&lt;tool&gt;</c>. It runs elsewhere: the AppHost only describes it, checks that it
/// answers, and hands its address and token to its clients.
/// </summary>
public sealed class McpServerResource : Resource
{
    /// <summary>A server at a fixed address.</summary>
    public McpServerResource(string name, Uri url) : base(name) => Url = url;

    /// <summary>A server whose address is a parameter (configuration <c>Parameters:&lt;parameter&gt;</c>).</summary>
    public McpServerResource(string name, ParameterResource urlParameter) : base(name) => UrlParameter = urlParameter;

    /// <summary>The MCP endpoint, when fixed.</summary>
    public Uri? Url { get; }

    /// <summary>The parameter holding the MCP endpoint, when not fixed.</summary>
    public ParameterResource? UrlParameter { get; }

    /// <summary>The secret parameter holding a bearer token for it, if it needs one.</summary>
    public ParameterResource? Token { get; internal set; }

    /// <summary>The endpoint as an expression, resolved when a client starts or the manifest is written.</summary>
    public ReferenceExpression UrlExpression => UrlParameter is { } parameter
        ? ReferenceExpression.Create($"{parameter}")
        : ReferenceExpression.Create($"{Url!.ToString()}");

    /// <summary>The server's tools (its own names) that need a person's approval before they run.</summary>
    public IEnumerable<string> ToolsRequiringApproval => Annotations.OfType<McpToolApprovalAnnotation>().Select(a => a.Tool).Distinct();
}

/// <summary>One tool of an <see cref="McpServerResource"/> that needs a person's approval before it runs (<c>*</c>: every tool).</summary>
/// <param name="Tool">The tool's name on its server.</param>
public sealed record McpToolApprovalAnnotation(string Tool) : IResourceAnnotation;
