namespace AgentApp.Tests.Support;

/// <summary>A clock the test sets: time moves only when told to.</summary>
public sealed class ManualClock(DateTimeOffset now) : TimeProvider
{
    /// <summary>A fixed, recognisable moment.</summary>
    public static readonly DateTimeOffset Start = new(2030, 1, 2, 3, 4, 5, TimeSpan.Zero);

    /// <summary>Starts at <see cref="Start"/>.</summary>
    public ManualClock()
        : this(Start)
    {
    }

    /// <summary>The current time.</summary>
    public DateTimeOffset Now { get; set; } = now;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => Now;
}
