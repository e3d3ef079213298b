using System.Data.Common;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Notifier.Web.Infrastructure;

// SQLite has one writer at a time. When a second connection finds the write lock taken, Microsoft.Data.Sqlite on its
// own retries after sleeping 150 ms, which is 30 to 100 times as long as a typical write transaction of this app
// holds the lock: two Hangfire workers writing in turn spent more time asleep than working. SQLite's own busy handler
// (busy_timeout) waits instead, in steps of 1, 2, 5, 10… ms, so the second writer starts almost as soon as the first
// commits. Set on every connection the app's contexts open (a pooled connection keeps it; setting it again is cheap).
public sealed class SqliteBusyTimeout(int milliseconds) : DbConnectionInterceptor
{
    // The same bound as Microsoft.Data.Sqlite's default command timeout: a writer waiting that long is an error.
    public static readonly SqliteBusyTimeout Default = new(30_000);

    private readonly string _pragma = $"PRAGMA busy_timeout = {milliseconds};";

    public override void ConnectionOpened(DbConnection connection, ConnectionEndEventData eventData) => Apply(connection);

    public override Task ConnectionOpenedAsync(DbConnection connection, ConnectionEndEventData eventData, CancellationToken cancellationToken = default)
    {
        Apply(connection);
        return Task.CompletedTask;
    }

    private void Apply(DbConnection connection)
    {
        ArgumentNullException.ThrowIfNull(connection);
        using var command = connection.CreateCommand();
        command.CommandText = _pragma;
        command.ExecuteNonQuery();
    }
}
