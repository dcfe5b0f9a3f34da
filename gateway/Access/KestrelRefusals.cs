using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;

namespace RevenueCycle.Gateway.Access;

/// <summary>
/// Requests Kestrel refuses itself (400 for a malformed request line or headers, 414 for a request line over
/// <c>MaxRequestLineSize</c>, 431 for headers over <c>MaxRequestHeadersTotalSize</c>) are answered before any middleware runs, so
/// <see cref="AccessMiddleware"/> never sees them. Kestrel reports each on its <c>Microsoft.AspNetCore.Server.Kestrel.BadRequests</c>
/// log with the connection's id and the <see cref="BadHttpRequestException"/> (its status code); a connection middleware remembers
/// each connection's client address, and this logger turns the report into an audit record (HIPAA §164.312(b): attempts count too).
/// </summary>
public sealed class KestrelRefusals : ILoggerProvider, ILogger
{
    public const string Category = "Microsoft.AspNetCore.Server.Kestrel.BadRequests";

    readonly ConcurrentDictionary<string, string?> clients = new();
    AuditLog? audit;

    /// <summary>The audit log, once the host is built (the logger exists before it).</summary>
    public void WriteTo(AuditLog log) => audit = log;

    /// <summary>For <c>ListenOptions.Use</c>: the client address of every open connection, by connection id.</summary>
    public ConnectionDelegate Track(ConnectionDelegate next) => async connection =>
    {
        clients[connection.ConnectionId] = (connection.RemoteEndPoint as System.Net.IPEndPoint)?.Address.ToString();
        try { await next(connection); }
        finally { clients.TryRemove(connection.ConnectionId, out _); }
    };

    public ILogger CreateLogger(string categoryName) => categoryName == Category ? this : Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;

    public bool IsEnabled(LogLevel logLevel) => true;

    public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (exception is not BadHttpRequestException refused || audit is null) return;
        var connectionId = state is IReadOnlyList<KeyValuePair<string, object?>> values
            ? values.FirstOrDefault(v => v.Key == "ConnectionId").Value?.ToString()
            : null;
        var client = connectionId is not null && clients.TryGetValue(connectionId, out var address) ? address : null;
        // Nothing of the request is known but its refusal: no key, no tenant, no path (the line itself may be what was refused).
        var record = new AuditRecord(DateTimeOffset.UtcNow, null, null, "-", "-", null, refused.StatusCode, 0, null, connectionId, client,
            Refusal: refused.Message);
        if (!audit.TryWrite(record)) _ = audit.WriteAsync(record).AsTask();
    }

    public void Dispose() { }
}
