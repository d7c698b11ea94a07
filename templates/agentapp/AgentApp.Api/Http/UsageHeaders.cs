using Microsoft.Extensions.AI;

namespace AgentApp.Api.Http;

/// <summary>
/// Token usage on non-streaming responses, for the gateway to debit quotas without parsing bodies. Streaming responses
/// report the same numbers in their <c>usage</c> event instead, as headers are sent before the tokens are known.
/// </summary>
public static class UsageHeaders
{
    /// <summary>Input plus output tokens of the whole turn, tool rounds included.</summary>
    public const string Total = "X-Usage-Total-Tokens";

    /// <summary>Input (prompt) tokens.</summary>
    public const string Input = "X-Usage-Input-Tokens";

    /// <summary>Output (completion) tokens.</summary>
    public const string Output = "X-Usage-Output-Tokens";

    /// <summary>Sets the three headers.</summary>
    public static void Write(HttpResponse response, UsageDetails usage)
    {
        response.Headers[Input] = (usage.InputTokenCount ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers[Output] = (usage.OutputTokenCount ?? 0).ToString(System.Globalization.CultureInfo.InvariantCulture);
        response.Headers[Total] = (usage.TotalTokenCount ?? (usage.InputTokenCount ?? 0) + (usage.OutputTokenCount ?? 0))
            .ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}
