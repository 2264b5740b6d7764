using System.Collections.Concurrent;
using Microsoft.Azure.WebJobs.Host;

namespace LeadFunctions.Testing;

/// <summary>One finished WebJobs invocation: which function, with which bound arguments, and whether it succeeded.</summary>
public sealed record RecordedInvocation(string FunctionName, IReadOnlyDictionary<string, object?> Arguments, bool Succeeded, TimeSpan Duration = default);

#pragma warning disable CS0618 // WebJobs marks invocation filters as preview; the tests only observe invocations through one.

/// <summary>
/// A global WebJobs invocation filter that records every trigger invocation of a local host, registered by the test
/// through the host builder's service hook. It can also fail chosen functions, to drive retries and poison queues.
/// </summary>
public sealed class InvocationRecorder : IFunctionInvocationFilter
{
    private readonly ConcurrentQueue<RecordedInvocation> _invocations = new();
    private readonly ConcurrentDictionary<string, bool> _failing = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _recorded = new(0);
    private readonly ConcurrentDictionary<Guid, long> _started = new();

    public IReadOnlyCollection<RecordedInvocation> Invocations => _invocations;

    /// <summary>Makes every invocation of <paramref name="functionName"/> fail before the function runs.</summary>
    public void Fail(string functionName) => _failing[functionName] = true;

    public Task OnExecutingAsync(FunctionExecutingContext executingContext, CancellationToken cancellationToken)
    {
        _started[executingContext.FunctionInstanceId] = System.Diagnostics.Stopwatch.GetTimestamp();
        if (!_failing.ContainsKey(executingContext.FunctionName))
        {
            return Task.CompletedTask;
        }

        // WebJobs does not run OnExecutedAsync for a filter whose OnExecutingAsync threw, so the failure is recorded here.
        Record(executingContext.FunctionName, executingContext.Arguments, succeeded: false);
        throw new InvalidOperationException($"Test failure injected into {executingContext.FunctionName}.");
    }

    public Task OnExecutedAsync(FunctionExecutedContext executedContext, CancellationToken cancellationToken)
    {
        var duration = _started.TryRemove(executedContext.FunctionInstanceId, out var started)
            ? System.Diagnostics.Stopwatch.GetElapsedTime(started)
            : default;
        Record(executedContext.FunctionName, executedContext.Arguments, executedContext.FunctionResult.Succeeded, duration);
        return Task.CompletedTask;
    }

    private void Record(string functionName, IReadOnlyDictionary<string, object> arguments, bool succeeded, TimeSpan duration = default)
    {
        _invocations.Enqueue(new RecordedInvocation(functionName, arguments.ToDictionary(a => a.Key, a => (object?)a.Value), succeeded, duration));
        _recorded.Release();
    }

    /// <summary>Waits, bounded, for an invocation that matches.</summary>
    public async Task<RecordedInvocation> WaitForAsync(Func<RecordedInvocation, bool> match, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var found = _invocations.FirstOrDefault(match);
            if (found is not null)
            {
                return found;
            }

            try
            {
                await _recorded.WaitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException(
                    $"No matching invocation within {timeout.TotalSeconds:0} s. Seen: {string.Join(", ", _invocations.Select(i => $"{i.FunctionName}({(i.Succeeded ? "ok" : "failed")})"))}");
            }
        }
    }
}
#pragma warning restore CS0618
