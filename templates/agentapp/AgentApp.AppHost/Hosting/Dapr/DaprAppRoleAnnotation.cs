using AgentApp.Contracts;

namespace AgentApp.Hosting;

/// <summary>Marks a <see cref="DaprSidecarResource"/> with what its application does with actors and workflows.</summary>
/// <param name="roles">The roles.</param>
public sealed class DaprAppRoleAnnotation(DaprAppRoles roles) : IResourceAnnotation
{
    /// <summary>The roles.</summary>
    public DaprAppRoles Roles { get; } = roles;
}
