namespace LeadFunctions.Ai;

/// <summary>
/// A semaphore whose limit can change while it is held (the instance's share of <c>Ai:MaxConcurrency</c> moves as
/// instances come and go): a lower limit lets the holders finish and admits nobody until they are below it; a higher
/// one admits waiters at once. Waiters are admitted first come, first served.
/// </summary>
internal sealed class AdjustableSlots
{
    private readonly Lock _gate = new();
    private readonly LinkedList<TaskCompletionSource> _waiters = new();
    private int _limit;
    private int _inUse;

    public AdjustableSlots(int limit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        _limit = limit;
    }

    public int Limit
    {
        get
        {
            lock (_gate)
            {
                return _limit;
            }
        }

        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            lock (_gate)
            {
                _limit = value;
                AdmitWaiters();
            }
        }
    }

    public int InUse
    {
        get
        {
            lock (_gate)
            {
                return _inUse;
            }
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        LinkedListNode<TaskCompletionSource> node;
        lock (_gate)
        {
            if (_inUse < _limit && _waiters.Count == 0)
            {
                _inUse++;
                return Task.CompletedTask;
            }

            node = _waiters.AddLast(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        }

        if (cancellationToken.CanBeCanceled)
        {
            var registration = cancellationToken.Register(() =>
            {
                lock (_gate)
                {
                    // Still in the list means not admitted: it holds no slot, so dropping it is all there is to undo.
                    if (node.List is null)
                    {
                        return;
                    }

                    _waiters.Remove(node);
                }

                node.Value.TrySetCanceled(cancellationToken);
            });
            _ = node.Value.Task.ContinueWith(_ => registration.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return node.Value.Task;
    }

    public void Release()
    {
        lock (_gate)
        {
            _inUse--;
            AdmitWaiters();
        }
    }

    private void AdmitWaiters()
    {
        while (_inUse < _limit && _waiters.First is { } first)
        {
            _waiters.RemoveFirst();
            _inUse++;
            first.Value.TrySetResult();
        }
    }
}
