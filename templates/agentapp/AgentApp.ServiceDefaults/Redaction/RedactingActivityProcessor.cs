using System.Diagnostics;
using Microsoft.Extensions.Compliance.Redaction;
using OpenTelemetry;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// Redacts every span before the exporters see it: attributes (MEAI's <c>gen_ai.*.messages</c> when message content
/// capture is on, tool arguments, URLs), event attributes (exception messages), the status description and the name.
/// Registered ahead of the exporters, so OTLP only ever serializes the redacted span.
/// </summary>
public sealed class RedactingActivityProcessor(Redactor redactor) : BaseProcessor<Activity>
{
    /// <inheritdoc />
    public override void OnEnd(Activity data)
    {
        List<KeyValuePair<string, object?>>? changed = null;
        foreach (var tag in data.TagObjects)
        {
            var redacted = RedactedLogState.Redact(tag.Value, redactor);
            if (!Equals(redacted, tag.Value))
            {
                (changed ??= []).Add(new(tag.Key, redacted));
            }
        }

        foreach (var (key, value) in changed ?? [])
        {
            data.SetTag(key, value);
        }

        foreach (ref readonly var activityEvent in data.EnumerateEvents())
        {
            // An event's attributes are the collection it was created with: redact them in place.
            if (activityEvent.Tags is ActivityTagsCollection tags)
            {
                foreach (var (key, value) in tags.ToList())
                {
                    var redacted = RedactedLogState.Redact(value, redactor);
                    if (!Equals(redacted, value))
                    {
                        tags[key] = redacted;
                    }
                }
            }
        }

        if (data.StatusDescription is { } description)
        {
            data.SetStatus(data.Status, redactor.Redact(description));
        }

        data.DisplayName = redactor.Redact(data.DisplayName);
    }
}
