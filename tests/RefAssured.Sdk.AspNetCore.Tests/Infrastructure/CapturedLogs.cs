using System.Collections.Concurrent;

namespace RefAssured.Sdk.AspNetCore.Tests;

/// <summary>A logger provider that keeps every entry: its category, event, formatted message, values and exception.</summary>
internal sealed class CapturedLogs : ILoggerProvider
{
    private readonly ConcurrentQueue<Entry> _entries = new();

    public IReadOnlyList<Entry> Entries => [.. _entries];

    /// <summary>Everything written, as one text: messages, structured values and exceptions.</summary>
    public string AllText => string.Join('\n', _entries.Select(e => e.ToString()));

    public IReadOnlyList<Entry> For(int eventId) => [.. _entries.Where(e => e.Category == RefAssuredLoggingObserver.Category && e.EventId.Id == eventId)];

    public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

    public void Dispose()
    {
    }

    internal sealed record Entry(string Category, LogLevel Level, EventId EventId, string Message, string Values, string? Exception)
    {
        public override string ToString() => $"{Level} {Category}[{EventId.Id}:{EventId.Name}] {Message} | {Values} | {Exception}";
    }

    private sealed class Logger(string category, CapturedLogs owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var values = state is IEnumerable<KeyValuePair<string, object?>> pairs ? string.Join(", ", pairs.Select(p => $"{p.Key}={p.Value}")) : string.Empty;
            owner._entries.Enqueue(new Entry(category, logLevel, eventId, formatter(state, exception), values, exception?.ToString()));
        }
    }
}
