namespace LeadFunctions.Storage;

/// <summary>Runs an idempotent async set-up step (create a container, queue, table) once; a failed run is tried again next time.</summary>
public sealed class AsyncOnce(Func<Task> action)
{
    private readonly Lock _gate = new();
    private Task? _task;

    public Task RunAsync(CancellationToken ct)
    {
        lock (_gate)
        {
            if (_task is null || _task.IsFaulted || _task.IsCanceled)
            {
                _task = action();
            }

            return _task.WaitAsync(ct);
        }
    }
}
