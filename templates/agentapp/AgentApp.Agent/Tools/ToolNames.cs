namespace AgentApp.Agent.Tools;

/// <summary>The names models call the tools by.</summary>
public static class ToolNames
{
    /// <summary><see cref="AgentTools.GetCurrentTime"/>.</summary>
    public const string CurrentTime = "get_current_time";

    /// <summary><see cref="AgentTools.Calculate"/>.</summary>
    public const string Calculate = "calculate";

    /// <summary><see cref="AgentTools.SearchKnowledge"/>.</summary>
    public const string SearchKnowledge = "search_knowledge";

    /// <summary><see cref="AgentTools.SendEmail"/>; needs approval.</summary>
    public const string SendEmail = "send_email";
}
