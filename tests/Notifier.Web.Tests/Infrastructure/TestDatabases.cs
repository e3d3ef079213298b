using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Data;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Tests.Infrastructure;

// A fresh database of one provider, configured through the runtime's Database.Configure (so the runtime's choice of
// migrations assembly is what gets exercised) and, unless asked otherwise, migrated with the real migrations.
// SQLite: a uniquely named shared-cache in-memory database kept alive by one open connection.
// PostgreSQL: a new database per test on the collection's server.
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly SqliteConnection? _keepAlive;
    private readonly DbContextOptions<NotifierDbContext> _options;

    internal TestDatabase(DatabaseProvider provider, string connectionString, SqliteConnection? keepAlive)
    {
        Provider = provider;
        ConnectionString = connectionString;
        _keepAlive = keepAlive;
        var builder = new DbContextOptionsBuilder<NotifierDbContext>();
        Database.Configure(builder, provider, connectionString);
        _options = builder.Options;
    }

    public DatabaseProvider Provider { get; }
    public string ConnectionString { get; }

    // A new context (unit of work) on this database; tests read back through a context other than the writer's.
    public NotifierDbContext NewContext() => new(_options);

    public async ValueTask DisposeAsync()
    {
        if (_keepAlive is not null)
        {
            await _keepAlive.DisposeAsync();
        }
    }
}

public static class TestDatabases
{
    public static async Task<TestDatabase> CreateAsync(DatabaseProvider provider, PostgresServer postgres, bool migrate = true)
    {
        TestDatabase database;
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                // Foreign keys on, as Database.ResolveConnectionString does for the app.
                var sqlite = new SqliteConnectionStringBuilder($"Data Source=test-{Guid.NewGuid():N}")
                {
                    Mode = SqliteOpenMode.Memory,
                    Cache = SqliteCacheMode.Shared,
                    ForeignKeys = true,
                }.ToString();
                var keepAlive = new SqliteConnection(sqlite);
                await keepAlive.OpenAsync();
                database = new TestDatabase(provider, sqlite, keepAlive);
                break;
            case DatabaseProvider.PostgreSql:
                database = new TestDatabase(provider, postgres.ConnectionString($"t_{Guid.NewGuid():N}"), null);
                break;
            case DatabaseProvider.SqlServer:
            default:
                throw new NotSupportedException($"No throwaway {provider} database in this test suite.");
        }

        if (migrate)
        {
            await using var db = database.NewContext();
            await db.Database.MigrateAsync();
        }

        return database;
    }
}
