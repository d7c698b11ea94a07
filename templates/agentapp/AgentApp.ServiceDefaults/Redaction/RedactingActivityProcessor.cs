using System.Diagnostics;
using System.Reflection;
using Microsoft.Extensions.Compliance.Redaction;
using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Redacts every span before the exporters see it: attributes (MEAI's <c>gen_ai.*.messages</c> when message content
/// capture is on, tool arguments, URLs with their credential parameters, every value of <c>url.query</c>), event attributes (exception messages), the status description and the name.
/// Registered ahead of the exporters, so OTLP only ever serializes the redacted span.
/// </summary>
public sealed class RedactingActivityProcessor(Redactor redactor) : BaseProcessor<Activity>
{
    // Activity has no API to change or remove an event (an event copies its attributes when created), so a span whose
    // events need redacting gets its event list cleared through this field and the redacted events added back.
    private static readonly FieldInfo? s_events = typeof(Activity).GetField("_events", BindingFlags.Instance | BindingFlags.NonPublic);

    /// <inheritdoc />
    public override void OnEnd(Activity data)
    {
        List<KeyValuePair<string, object?>>? changed = null;
        foreach (var tag in data.TagObjects)
        {
            var redacted = tag is { Key: "url.query", Value: string query }
                ? QueryCredentials.RedactAllValues(query)
                : RedactedLogState.Redact(tag.Value, redactor);
            if (!Equals(redacted, tag.Value))
            {
                (changed ??= []).Add(new(tag.Key, redacted));
            }
        }

        foreach (var (key, value) in changed ?? [])
        {
            data.SetTag(key, value);
        }

        RedactEvents(data);

        if (data.StatusDescription is { } description)
        {
            data.SetStatus(data.Status, redactor.Redact(description));
        }

        data.DisplayName = redactor.Redact(data.DisplayName);
    }

    private void RedactEvents(Activity data)
    {
        List<ActivityEvent>? events = null;
        var changed = false;
        foreach (ref readonly var activityEvent in data.EnumerateEvents())
        {
            var tags = new ActivityTagsCollection();
            foreach (var (key, value) in activityEvent.Tags)
            {
                var redacted = RedactedLogState.Redact(value, redactor);
                changed |= !Equals(redacted, value);
                tags[key] = redacted;
            }

            var name = redactor.Redact(activityEvent.Name);
            changed |= name != activityEvent.Name;
            (events ??= []).Add(new ActivityEvent(name, activityEvent.Timestamp, tags));
        }

        if (!changed)
        {
            return;
        }

        if (s_events is null)
        {
            // This runtime keeps events elsewhere: fail closed, the span is not exported rather than exported with PII.
            data.ActivityTraceFlags &= ~ActivityTraceFlags.Recorded;
            data.IsAllDataRequested = false;
            return;
        }

        s_events.SetValue(data, null);
        foreach (var activityEvent in events!)
        {
            data.AddEvent(activityEvent);
        }
    }
}
