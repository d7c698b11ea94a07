using System.Text;
using Confluent.Kafka;

namespace AgentApp.Worker.Tasks;

/// <summary>
/// A task message as it was delivered (key, value, headers such as <c>traceparent</c>), kept in the task's workflow input
/// so that a task failing long after its offset was committed still goes to the dead-letter topic as it arrived.
/// </summary>
public sealed record TaskDelivery(string? Key, string Value, IReadOnlyList<KeyValuePair<string, string>> Headers)
{
    /// <summary>The delivery of <paramref name="message"/>.</summary>
    public static TaskDelivery From(Message<string, string> message) =>
        new(message.Key, message.Value, [.. (message.Headers ?? []).Select(h => KeyValuePair.Create(h.Key, Encoding.UTF8.GetString(h.GetValueBytes())))]);

    /// <summary>The message again.</summary>
    public Message<string, string> ToMessage()
    {
        var headers = new Headers();
        foreach (var (key, value) in Headers)
        {
            headers.Add(key, Encoding.UTF8.GetBytes(value));
        }

        return new Message<string, string> { Key = Key!, Value = Value, Headers = headers };
    }
}
