using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace LeadFunctions.Benchmarks;

/// <summary>
/// Counts the lead transactions <see cref="LeadPartitionWriter"/> had to re-plan because another writer got there first
/// (its debug line "Lead transaction conflict…"): each one is a re-read of the leads and counters, so they show where
/// concurrent writers to one offer's partition contend.
/// </summary>
public sealed class TransactionConflictCounter : ILoggerProvider
{
    public static readonly string Category = typeof(LeadPartitionWriter).FullName!;

    private int _count;

    public int Count => Volatile.Read(ref _count);

    public ILogger CreateLogger(string categoryName) => categoryName == Category ? new ConflictLogger(this) : NullLogger.Instance;

    public void Dispose()
    {
    }

    private sealed class ConflictLogger(TransactionConflictCounter counter) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel == LogLevel.Debug;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (logLevel == LogLevel.Debug && formatter(state, exception).StartsWith("Lead transaction conflict", StringComparison.Ordinal))
            {
                Interlocked.Increment(ref counter._count);
            }
        }
    }
}
