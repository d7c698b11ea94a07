using System.Globalization;
using AgentApp.Bench;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Reports;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

// Short, in-process jobs keep the whole run to about a minute; each benchmark class pairs the path with its floor
// (Baseline = true), and each pair becomes one RESULT row. `--full` uses BenchmarkDotNet's default job instead.
var job = args.Contains("--full")
    ? Job.Default.WithToolchain(InProcessEmitToolchain.Instance)
    : Job.ShortRun.WithToolchain(InProcessEmitToolchain.Instance).WithWarmupCount(3).WithIterationCount(8).WithLaunchCount(1);
var config = DefaultConfig.Instance.AddJob(job).WithOptions(ConfigOptions.DisableLogFile).WithArtifactsPath(Path.Combine(Path.GetTempPath(), "agentapp-bench"));

Print(BenchmarkRunner.Run<SseWritingBenchmarks>(config), "SSE writing: 60 delta events (api's ServerSentEvents vs preformatted bytes)");
Print(BenchmarkRunner.Run<ToolDispatchBenchmarks>(config), "tool dispatch: calculate via FunctionInvokingChatClient vs direct call");
// Guardrail middleware: add a GuardrailBenchmarks class here (the guardrail IChatClient over a scripted model beside the
// bare scripted model) and one Print line; bench/run.sh picks its RESULT row up with no other change.
return 0;

static void Print(Summary summary, string row)
{
    var subject = summary.Reports.Single(r => r.BenchmarkCase.Descriptor.Baseline == false);
    var floor = summary.Reports.Single(r => r.BenchmarkCase.Descriptor.Baseline);
    if (subject.ResultStatistics is null || floor.ResultStatistics is null)
    {
        throw new InvalidOperationException($"{row}: a benchmark failed; see the output above.");
    }

    var s = subject.ResultStatistics.Mean;
    var f = floor.ResultStatistics.Mean;
    var allocated = subject.GcStats.GetBytesAllocatedPerOperation(subject.BenchmarkCase) ?? 0;
    ResultLine.Print(row, string.Create(CultureInfo.InvariantCulture, $"{Format(s)} ({allocated / 1024.0:F1} KB alloc)"), Format(f), s / f,
        "informational (no target)");
}

static string Format(double nanoseconds) => nanoseconds >= 1_000_000
    ? string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1_000_000:F2} ms")
    : nanoseconds >= 1_000 ? string.Create(CultureInfo.InvariantCulture, $"{nanoseconds / 1_000:F2} us")
    : string.Create(CultureInfo.InvariantCulture, $"{nanoseconds:F0} ns");
