namespace Notifier.Core.Data;

public enum DatabaseProvider
{
    Sqlite,
    PostgreSql,
    SqlServer,
}
