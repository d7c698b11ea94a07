using AgentApp.Web.Components.Tasks;
using AgentApp.Web.Gateway;

namespace AgentApp.Tests.Web;

/// <summary>The console's view of a followed task across a dropped and resumed event stream.</summary>
public sealed class TaskTimelineTests
{
    private const string Id = "t0123456789abcdef0123456789abcdef";

    [Fact]
    public void A_resumed_stream_continues_from_the_last_event_id_and_shows_each_step_once_in_order()
    {
        var timeline = new TaskTimeline(Id);

        Assert.True(timeline.Apply(new GatewayEvent("snapshot", "1",
            $$"""{"taskId":"{{Id}}","status":"running","goal":"g","steps":[{"sequence":1,"kind":"started","detail":"attempt 1","at":"2026-01-01T00:00:00Z","status":"running"}]}""")));
        timeline.Apply(Step(2, "tool", "running"));
        Assert.Equal("2", timeline.LastEventId);

        // The connection dropped; the page reconnects with Last-Event-ID: 2 and the server replays from there (a step it
        // already had may come again if the drop raced a write).
        timeline.Apply(Step(2, "tool", "running"));
        Assert.True(timeline.Apply(Step(3, "waiting_approval", "waiting_approval")));
        Assert.False(timeline.Apply(new GatewayEvent("error", null, """{"detail":"task tracking is unavailable"}""")));
        timeline.Apply(Step(4, "succeeded", "succeeded"));

        Assert.Equal([1, 2, 3, 4], timeline.Steps.Select(s => s.Sequence));
        Assert.Equal(["started", "tool", "waiting_approval", "succeeded"], timeline.Steps.Select(s => s.Kind));
        Assert.Equal(("succeeded", "4", true), (timeline.Status, timeline.LastEventId, timeline.IsFinal));
    }

    private static GatewayEvent Step(int sequence, string kind, string status) => new(
        kind == "succeeded" ? "result" : "status", sequence.ToString(System.Globalization.CultureInfo.InvariantCulture),
        $$"""{"taskId":"{{Id}}","sequence":{{sequence}},"kind":"{{kind}}","status":"{{status}}","detail":"d","at":"2026-01-01T00:00:00Z"}""");
}
