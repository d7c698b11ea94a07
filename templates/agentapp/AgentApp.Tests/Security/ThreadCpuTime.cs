using System.Diagnostics;
using System.Runtime.InteropServices;

namespace AgentApp.Tests.Security;

/// <summary>
/// CPU time spent by the calling thread (Linux <c>CLOCK_THREAD_CPUTIME_ID</c>), so a bound holds on a machine shared with
/// other work; elsewhere, wall-clock time, which is stricter.
/// </summary>
public static class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3;

    /// <summary>CPU time <paramref name="work"/> took on this thread.</summary>
    public static TimeSpan Of(Action work)
    {
        if (!OperatingSystem.IsLinux())
        {
            var clock = Stopwatch.StartNew();
            work();
            return clock.Elapsed;
        }

        var start = Now();
        work();
        return Now() - start;
    }

    private static TimeSpan Now()
    {
        if (clock_gettime(ClockThreadCpuTimeId, out var t) != 0)
        {
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
        }

        return TimeSpan.FromTicks(t.Seconds * TimeSpan.TicksPerSecond + t.Nanoseconds / 100);
    }

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [DllImport("libc", EntryPoint = "clock_gettime")]
    private static extern int clock_gettime(int clockId, out TimeSpec time);
}
