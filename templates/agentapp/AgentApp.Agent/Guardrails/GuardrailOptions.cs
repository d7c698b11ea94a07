using System.ComponentModel.DataAnnotations;

namespace AgentApp.Agent.Guardrails;

/// <summary>What prompt injection heuristics do when one matches.</summary>
public enum PromptInjectionMode
{
    /// <summary>Not checked.</summary>
    Off,

    /// <summary>Passed on, with a warning to the caller, a metric and an audit event.</summary>
    Flag,

    /// <summary>Refused with 422 naming the rule, a metric and an audit event.</summary>
    Block,
}

/// <summary>The guardrails around the agent (configuration section <c>Guardrails</c>), validated at start-up.</summary>
public sealed class GuardrailOptions
{
    public const string Section = "Guardrails";

    /// <summary>The tool list entry that allows every tool.</summary>
    public const string AllTools = "*";

    /// <summary>The longest message accepted, in characters, whatever its role (the app's own system prompt included).</summary>
    [Range(1, 1_000_000)]
    public int MaxMessageLength { get; set; } = 8000;

    /// <summary>The most messages in one request, of every role, history included.</summary>
    [Range(1, 10_000)]
    public int MaxMessages { get; set; } = 200;

    /// <summary>Whether a prompt that looks like an injection attempt is flagged or blocked.</summary>
    public PromptInjectionMode PromptInjection { get; set; } = PromptInjectionMode.Flag;

    /// <summary>
    /// Tools a tenant without its own entry may use; unset (the default) or <c>["*"]</c> is every tool. Null rather than
    /// <c>["*"]</c> by default because the configuration binder appends to an array it finds.
    /// </summary>
    public string[]? DefaultTools { get; set; }

    /// <summary>Per-tenant tool allowlists (<c>Guardrails:TenantTools:&lt;tenant&gt;:0 = calculate</c>), replacing <see cref="DefaultTools"/>.</summary>
    public Dictionary<string, string[]> TenantTools { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Whether replies are checked for secrets (API keys, tokens, private keys), which are replaced by a marker.</summary>
    public bool RedactSecrets { get; set; } = true;

    /// <summary>
    /// While streaming, the tail held back until the next update: always the token in progress (text after the last
    /// whitespace) and an unfinished private-key block, plus at least this many characters. Secrets are unbroken tokens,
    /// so the default adds nothing; raise it for secret shapes that contain spaces.
    /// </summary>
    [Range(0, 4096)]
    public int StreamingTailCharacters { get; set; }

    /// <summary>The most characters held back while streaming (a longer unbroken run is checked and sent as it is).</summary>
    [Range(256, 1_000_000)]
    public int MaxHeldCharacters { get; set; } = 16 * 1024;

    /// <summary>The tools <paramref name="tenant"/> may use; null means every tool.</summary>
    public IReadOnlySet<string>? AllowedTools(string? tenant)
    {
        var list = tenant is not null && TenantTools.TryGetValue(tenant, out var own) ? own : DefaultTools;
        return list is null || list.Contains(AllTools) ? null : list.ToHashSet(StringComparer.Ordinal);
    }
}
