using System.Globalization;

namespace AgentApp.Hosting;

/// <summary>A topic the application needs, created when the broker starts.</summary>
/// <param name="Name">The topic name.</param>
/// <param name="Partitions">The number of partitions (at least 1).</param>
/// <param name="ReplicationFactor">Replicas per partition; a single dev broker can only hold 1.</param>
public sealed record KafkaTopic(string Name, int Partitions = 1, short ReplicationFactor = 1)
{
    /// <summary>The topic name.</summary>
    public string Name { get; } = ValidName(Name);

    /// <summary>The number of partitions (at least 1).</summary>
    public int Partitions { get; } = Partitions >= 1
        ? Partitions
        : throw new ArgumentOutOfRangeException(nameof(Partitions), Partitions, "A topic needs at least one partition.");

    /// <summary>Replicas per partition (at least 1).</summary>
    public short ReplicationFactor { get; } = ReplicationFactor >= 1
        ? ReplicationFactor
        : throw new ArgumentOutOfRangeException(nameof(ReplicationFactor), ReplicationFactor, "A topic needs at least one replica.");

    /// <summary>Parses <c>name</c> or <c>name:partitions</c>, e.g. <c>orders:4</c>.</summary>
    /// <exception cref="FormatException">The text is not <c>name</c> or <c>name:partitions</c>.</exception>
    public static KafkaTopic Parse(string text)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        var parts = text.Split(':');
        return parts switch
        {
            [var name] => new KafkaTopic(name.Trim()),
            [var name, var partitions] when int.TryParse(partitions.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1
                => new KafkaTopic(name.Trim(), count),
            _ => throw new FormatException($"'{text}' is not a topic: use 'name' or 'name:partitions', e.g. 'orders:4'."),
        };
    }

    /// <summary><c>name:partitions</c>, the form <see cref="Parse"/> reads.</summary>
    public override string ToString() => $"{Name}:{Partitions.ToString(CultureInfo.InvariantCulture)}";

    // Kafka's own rule: 1-249 characters from [a-zA-Z0-9._-]; "." and ".." are reserved.
    private static string ValidName(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (name.Length > 249 || name is "." or ".." || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-'))
        {
            throw new ArgumentException($"'{name}' is not a legal Kafka topic name (1-249 of a-z A-Z 0-9 . _ -).", nameof(name));
        }

        return name;
    }
}
