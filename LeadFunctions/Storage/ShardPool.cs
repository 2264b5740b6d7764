namespace LeadFunctions.Storage;

/// <summary>
/// Hands out counter shards so that concurrent writers of one process never share one, and reuses the most recently
/// returned first: a process keeps writing the same few shards, whose ETags it remembers, instead of all of them.
/// Each process starts from its own random order, so instances mostly keep to different shards.
/// </summary>
internal sealed class ShardPool
{
    private readonly Stack<int> _free;
    private readonly int _count;
    private int _overflow;

    public ShardPool(int count)
    {
        _count = count;
        var order = Enumerable.Range(0, count).ToArray();
        Random.Shared.Shuffle(order);
        _free = new Stack<int>(order);
    }

    /// <summary>A shard of its own for the caller, unless every shard is taken (then one shared, in turn).</summary>
    public (int Shard, bool Pooled) Take()
    {
        lock (_free)
        {
            if (_free.TryPop(out var shard))
            {
                return (shard, true);
            }
        }

        return ((int)((uint)Interlocked.Increment(ref _overflow) % _count), false);
    }

    public void Return((int Shard, bool Pooled) lease)
    {
        if (!lease.Pooled)
        {
            return;
        }

        lock (_free)
        {
            _free.Push(lease.Shard);
        }
    }
}
