namespace AgentApp.Worker.Tasks;

/// <summary>What became of one delivered task message.</summary>
public enum TaskOutcome
{
    /// <summary>Its effects are durable (its workflow exists, or it was dead-lettered): commit past it.</summary>
    Settled,

    /// <summary>Not done (workflow engine or broker unreachable, shutting down): do not commit; it is delivered again.</summary>
    HandedBack,
}
