using System.Reflection;
using System.Text.RegularExpressions;

namespace AgentApp.Deploy.Model;

/// <summary>
/// The tag every service image is deployed with, and the pull policy it implies. The default is the solution's version:
/// the SDK tags a container it publishes with <c>$(Version)</c> (<c>ContainerImageTag</c>'s default), and this tool is
/// built with the same <c>Directory.Build.props</c>, so its own version is the tag the images carry. Never <c>latest</c>.
/// </summary>
public static partial class ImageTag
{
    /// <summary>The solution's version: this assembly's informational version, without the source revision (<c>+sha</c>).</summary>
    public static string AppVersion { get; } = Version(typeof(ImageTag).Assembly);

    /// <summary>
    /// True for a tag that names one build for good: a full version (<c>1.2.3</c>, <c>v1.2.3-rc.1</c>) or a commit id.
    /// <c>latest</c>, branch names and partial versions (<c>1</c>, <c>1.2</c>) are moved to newer builds by convention.
    /// </summary>
    public static bool IsImmutable(string tag) => FullVersion().IsMatch(tag) || CommitId().IsMatch(tag);

    /// <summary>
    /// <c>IfNotPresent</c> for an immutable tag (a node never needs to ask again); <c>Always</c> for a moving one, so a
    /// restarted pod runs what the tag names now rather than whatever its node pulled first.
    /// </summary>
    public static string PullPolicy(string tag) => IsImmutable(tag) ? "IfNotPresent" : "Always";

    /// <summary>Null when <paramref name="tag"/> is a valid image tag, else why not.</summary>
    public static string? Problem(string tag) => Valid().IsMatch(tag)
        ? null
        : $"'{tag}' is not an image tag: up to 128 letters, digits, '_', '.' and '-', not starting with '.' or '-'.";

    private static string Version(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString(3) ?? "1.0.0";
        return version.Split('+')[0];
    }

    [GeneratedRegex(@"^v?\d+\.\d+\.\d+([-.][0-9A-Za-z.-]+)?$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FullVersion();

    [GeneratedRegex("^[0-9a-f]{7,40}$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex CommitId();

    // The OCI distribution spec's tag grammar.
    [GeneratedRegex("^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex Valid();
}
