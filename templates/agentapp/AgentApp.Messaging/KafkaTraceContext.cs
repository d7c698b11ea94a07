using System.Diagnostics;
using System.Text;
using Confluent.Kafka;

namespace AgentApp.Messaging;

/// <summary>W3C trace context (<c>traceparent</c>, <c>tracestate</c>) in Kafka headers, so one trace spans api → Kafka → worker.</summary>
public static class KafkaTraceContext
{
    /// <summary>Writes <paramref name="activity"/>'s context into <paramref name="headers"/>.</summary>
    public static void Inject(Activity? activity, Headers headers)
    {
        if (activity is null)
        {
            return;
        }

        DistributedContextPropagator.Current.Inject(activity, headers, static (carrier, name, value) =>
        {
            if (carrier is Headers h && value is not null)
            {
                h.Remove(name);
                h.Add(name, Encoding.UTF8.GetBytes(value));
            }
        });
    }

    /// <summary>The parent context carried in <paramref name="headers"/>, if any.</summary>
    public static ActivityContext Extract(Headers? headers)
    {
        DistributedContextPropagator.Current.ExtractTraceIdAndState(headers, static (object? carrier, string name, out string? value,
            out IEnumerable<string>? values) =>
        {
            values = null;
            value = carrier is Headers h && h.TryGetLastBytes(name, out var bytes) ? Encoding.UTF8.GetString(bytes) : null;
        }, out var traceParent, out var traceState);
        return ActivityContext.TryParse(traceParent, traceState, isRemote: true, out var context) ? context : default;
    }
}
