using System.ComponentModel.DataAnnotations;

namespace AgentApp.Agent;

/// <summary>The agent's prompt and per-request limits (configuration section <c>Agent</c>), validated at start-up.</summary>
public sealed class AgentOptions
{
    public const string Section = "Agent";

    /// <summary>The system prompt sent before every conversation.</summary>
    [Required(AllowEmptyStrings = false)]
    [MaxLength(8000)]
    public string SystemPrompt { get; set; } =
        "You are a concise, helpful assistant. Use your tools for the current time, for arithmetic and for questions about this app; say so when you do not know.";

    /// <summary>The most tokens one model call may produce; a request may ask for fewer.</summary>
    [Range(16, 128_000)]
    public int MaxOutputTokens { get; set; } = 1024;

    /// <summary>The most model round trips in one turn (tool calls included).</summary>
    [Range(1, 20)]
    public int MaxToolIterations { get; set; } = 5;

    /// <summary>
    /// Whether GenAI spans record prompts, replies and tool arguments (MEAI's <c>EnableSensitiveData</c>). Off unless
    /// set here: <c>OTEL_INSTRUMENTATION_GENAI_CAPTURE_MESSAGE_CONTENT</c>, which Aspire sets for the services it runs,
    /// does not turn it on. What is recorded passes PII redaction.
    /// </summary>
    public bool CaptureMessageContent { get; set; }

    /// <summary>The largest request body accepted, in bytes (413 beyond).</summary>
    [Range(1024, 16 * 1024 * 1024)]
    public long MaxRequestBodyBytes { get; set; } = 256 * 1024;
}
