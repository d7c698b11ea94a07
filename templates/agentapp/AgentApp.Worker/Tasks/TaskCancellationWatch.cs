using AgentApp.Contracts;

namespace AgentApp.Worker.Tasks;

/// <summary>
/// Watches a running task's actor and trips <see cref="Token"/> once the task is cancelled, so a long model call or tool
/// stops at once instead of at its next recorded step. Polls on a timer (no thread held); read errors are left to the
/// run itself, which meets them on its next actor call.
/// </summary>
public sealed class TaskCancellationWatch : IAsyncDisposable
{
    private readonly CancellationTokenSource _cancelled;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;

    /// <summary>Starts watching task <paramref name="actor"/> of <paramref name="tenant"/>.</summary>
    public TaskCancellationWatch(ITaskActor actor, string tenant, TimeSpan interval, TimeProvider time, CancellationToken stoppingToken)
    {
        _cancelled = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        _loop = WatchAsync(actor, tenant, interval, time);
    }

    /// <summary>Cancelled when the task is cancelled or the worker stops.</summary>
    public CancellationToken Token => _cancelled.Token;

    /// <summary>Whether the task itself was cancelled (not the worker stopping).</summary>
    public bool TaskCancelled { get; private set; }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        _stop.Dispose();
        _cancelled.Dispose();
    }

    private async Task WatchAsync(ITaskActor actor, string tenant, TimeSpan interval, TimeProvider time)
    {
        try
        {
            while (!_stop.IsCancellationRequested && !_cancelled.IsCancellationRequested)
            {
                await Task.Delay(interval, time, _stop.Token);
                AgentTask? view;
                try
                {
                    view = await actor.GetAsync(tenant).WaitAsync(_stop.Token);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    continue;
                }

                if (view?.Status == AgentTaskStatus.Cancelled)
                {
                    TaskCancelled = true;
                    await _cancelled.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }
}
