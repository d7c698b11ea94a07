using AgentApp.Tests.Support;
using AgentApp.Workflows.InMemory;
using Dapr.Workflow;
using Microsoft.Extensions.DependencyInjection;

namespace AgentApp.Tests.Workflows;

/// <summary>
/// The in-memory engine under load, driven by the stock Dapr SDK: it keeps handing out work as fast as the worker takes
/// it. (Left at its own settings the engine hands out one work item per processor and backs off half a second whenever
/// all are out: two cores then manage about four workflow turns a second, and a thousand turns take minutes.)
/// </summary>
public sealed class InMemoryWorkflowEngineLoadTests
{
    [Fact]
    public async Task More_than_a_thousand_short_workflow_turns_all_complete_and_each_activity_runs_once()
    {
        const int Instances = 40, Steps = 30; // each activity result is a turn: 40 x (start + 30) = 1240 turns
        await using var engine = await InMemoryWorkflowEngine.StartAsync();
        await using var app = await WorkflowAppHost.StartAsync(engine, builder => builder.Services.AddDaprWorkflow(options =>
        {
            options.RegisterWorkflow<CountingWorkflow>();
            options.RegisterActivity<IncrementActivity>();
        }));
        var ids = Enumerable.Range(0, Instances).Select(i => $"count-{i}").ToList();

        await Task.WhenAll(ids.Select(id => app.Client.ScheduleNewWorkflowAsync(nameof(CountingWorkflow), id, Steps)));
        // A deadline for the whole run, generous for two busy cores; the throttled engine needs five minutes.
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var waits = ids.Select(id => app.Client.WaitForWorkflowCompletionAsync(id, true, cts.Token)).ToList();
        try
        {
            await Task.WhenAll(waits);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"{waits.Count(w => w.IsCompletedSuccessfully)} of {Instances} workflows ended within the deadline; "
                + $"workflow turns (sent, answered, handed over): {engine.Activities.WorkflowTurns}");
        }

        var states = waits.Select(w => w.Result).ToList();
        Assert.All(states, s => Assert.Equal((WorkflowRuntimeStatus.Completed, Steps), (s.RuntimeStatus, s.ReadOutputAs<int>())));
        var ledger = engine.Activities.Snapshot();
        Assert.Equal(Instances * Steps, ledger.Count);
        Assert.All(ledger, a => Assert.Equal((1, 1), (a.Dispatches, a.Completions)));
        var (sent, answered, handedOver) = engine.Activities.WorkflowTurns;
        Assert.Equal((Instances * (Steps + 1), Instances * (Steps + 1), 0), (sent, answered, handedOver));
    }

    [Fact]
    public async Task Hands_a_worker_more_activities_at_once_than_the_machine_has_processors()
    {
        // Each activity waits until all are running at once; an engine that hands out fewer never gets them all there.
        // (At most the Dapr worker's own limit of 100 at once.)
        var barrier = new ActivityBarrier(Math.Min(Environment.ProcessorCount + 4, 100));
        await using var engine = await InMemoryWorkflowEngine.StartAsync();
        await using var app = await WorkflowAppHost.StartAsync(engine, builder =>
        {
            builder.Services.AddSingleton(barrier);
            builder.Services.AddDaprWorkflow(options =>
            {
                options.RegisterWorkflow<BarrierWorkflow>();
                options.RegisterActivity<BarrierActivity>();
            });
        });
        var ids = Enumerable.Range(0, barrier.Parties).Select(i => $"barrier-{i}").ToList();

        await Task.WhenAll(ids.Select((id, i) => app.Client.ScheduleNewWorkflowAsync(nameof(BarrierWorkflow), id, i)));
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var states = await Task.WhenAll(ids.Select(id => app.Client.WaitForWorkflowCompletionAsync(id, true, cts.Token)));

        Assert.True(states.All(s => s.RuntimeStatus == WorkflowRuntimeStatus.Completed && s.ReadOutputAs<bool>()),
            $"{barrier.Parties} activities should run at once; at most {barrier.Peak} did");
    }

    private sealed class CountingWorkflow : Workflow<int, int>
    {
        public override async Task<int> RunAsync(WorkflowContext context, int input)
        {
            var total = 0;
            for (var step = 0; step < input; step++)
            {
                total = await context.CallActivityAsync<int>(nameof(IncrementActivity), total);
            }

            return total;
        }
    }

    private sealed class IncrementActivity : WorkflowActivity<int, int>
    {
        public override Task<int> RunAsync(WorkflowActivityContext context, int input) => Task.FromResult(input + 1);
    }

    private sealed class BarrierWorkflow : Workflow<int, bool>
    {
        public override Task<bool> RunAsync(WorkflowContext context, int input) =>
            context.CallActivityAsync<bool>(nameof(BarrierActivity), input);
    }

    private sealed class BarrierActivity(ActivityBarrier barrier) : WorkflowActivity<int, bool>
    {
        public override Task<bool> RunAsync(WorkflowActivityContext context, int input) => barrier.ArriveAsync();
    }

    /// <summary>Counts activities running at once; each waits (10 s at most) for all <see cref="Parties"/> to be running.</summary>
    private sealed class ActivityBarrier(int parties)
    {
        private readonly TaskCompletionSource _all = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private int _running;
        private int _peak;

        public int Parties => parties;

        public int Peak => Volatile.Read(ref _peak);

        public async Task<bool> ArriveAsync()
        {
            var running = Interlocked.Increment(ref _running);
            InterlockedMax(ref _peak, running);
            if (running >= parties)
            {
                _all.TrySetResult();
            }

            try
            {
                await _all.Task.WaitAsync(TimeSpan.FromSeconds(10));
                return true;
            }
            catch (TimeoutException)
            {
                return false;
            }
            finally
            {
                Interlocked.Decrement(ref _running);
            }
        }

        private static void InterlockedMax(ref int target, int value)
        {
            for (var seen = Volatile.Read(ref target); value > seen; seen = Volatile.Read(ref target))
            {
                if (Interlocked.CompareExchange(ref target, value, seen) == seen)
                {
                    return;
                }
            }
        }
    }
}
