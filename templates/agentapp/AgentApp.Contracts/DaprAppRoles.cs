namespace AgentApp.Contracts;

/// <summary>What an application does with Dapr actors and workflows; deployment generators scope the actor state store from it.</summary>
[Flags]
public enum DaprAppRoles
{
    /// <summary>Neither actors nor workflows.</summary>
    None = 0,

    /// <summary>Registers actor types: daprd calls the app for <c>/dapr/config</c> and actor methods.</summary>
    HostsActors = 1,

    /// <summary>Registers workflows and their activities (the workflow engine runs them in this app's sidecar).</summary>
    RegistersWorkflows = 2,

    /// <summary>
    /// Uses the workflow client (schedule, raise events, query). On Dapr an instance runs in the app whose sidecar
    /// scheduled it, so an app with this role must also have <see cref="RegistersWorkflows"/>.
    /// </summary>
    SchedulesWorkflows = 4,
}
