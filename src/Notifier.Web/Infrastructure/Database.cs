using System.ComponentModel.DataAnnotations;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Data;

namespace Notifier.Web.Infrastructure;

public sealed class DatabaseOptions
{
    public const string Section = "Database";

    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    // Empty with Sqlite means the embedded default: <DataFolder>/notifier.db under the content root.
    public string ConnectionString { get; set; } = "";

    // True in Development and tests. In production the operator applies scripts (docs/operations.md).
    public bool ApplyMigrationsOnStartup { get; set; }
}

public sealed class DataFolderOptions
{
    // Relative paths are resolved against the content root. Holds the SQLite file and the development key rings.
    [Required]
    public string DataFolder { get; set; } = "data";
}

public static class Database
{
    public static WebApplicationBuilder AddNotifierDatabase(this WebApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(DatabaseOptions.Section).Get<DatabaseOptions>() ?? new DatabaseOptions();
        var dataFolder = DataFolder(builder.Configuration, builder.Environment);
        var connectionString = ResolveConnectionString(options, dataFolder, builder.Environment.ContentRootPath);
        builder.Services.AddOptions<DatabaseOptions>().BindConfiguration(DatabaseOptions.Section);
        builder.Services.AddDbContext<NotifierDbContext>(o => Configure(o, options.Provider, connectionString));

        // Contexts of their own for work beside a request's or a job's context (reading an upload while an import writes).
        builder.Services.AddDbContextFactory<NotifierDbContext>(o => Configure(o, options.Provider, connectionString), ServiceLifetime.Scoped);
        return builder;
    }

    public static string DataFolder(IConfiguration configuration, IHostEnvironment environment)
    {
        var folder = configuration["DataFolder"] is { Length: > 0 } f ? f : "data";
        return Path.GetFullPath(Path.Combine(environment.ContentRootPath, folder));
    }

    public static void Configure(DbContextOptionsBuilder o, DatabaseProvider provider, string connectionString)
    {
        switch (provider)
        {
            case DatabaseProvider.Sqlite:
                o.UseSqlite(connectionString, x => x.MigrationsAssembly(Notifier.Migrations.Sqlite.DesignTimeFactory.AssemblyName))
                    .AddInterceptors(SqliteBusyTimeout.Default);
                break;
            case DatabaseProvider.PostgreSql:
                o.UseNpgsql(connectionString, x => x.MigrationsAssembly(Notifier.Migrations.PostgreSql.DesignTimeFactory.AssemblyName));
                break;
            case DatabaseProvider.SqlServer:
                o.UseSqlServer(connectionString, x => x.MigrationsAssembly(Notifier.Migrations.SqlServer.DesignTimeFactory.AssemblyName));
                break;
            default:
                throw new InvalidOperationException($"Unknown database provider {provider}.");
        }
    }

    private static string ResolveConnectionString(DatabaseOptions options, string dataFolder, string contentRoot)
    {
        if (options.Provider != DatabaseProvider.Sqlite)
        {
            return string.IsNullOrWhiteSpace(options.ConnectionString)
                ? throw new InvalidOperationException($"Database:ConnectionString is required for the {options.Provider} provider.")
                : options.ConnectionString;
        }

        var csb = string.IsNullOrWhiteSpace(options.ConnectionString)
            ? new SqliteConnectionStringBuilder { DataSource = Path.Combine(dataFolder, "notifier.db") }
            : new SqliteConnectionStringBuilder(options.ConnectionString);
        var isFile = csb.Mode != SqliteOpenMode.Memory && csb.DataSource is { Length: > 0 } and not ":memory:";
        if (isFile)
        {
            csb.DataSource = Path.GetFullPath(Path.Combine(contentRoot, csb.DataSource));
            Directory.CreateDirectory(Path.GetDirectoryName(csb.DataSource)!);
        }

        csb.ForeignKeys = true;
        return csb.ToString();
    }

    public static async Task MigrateAsync(IServiceProvider services, CancellationToken ct = default)
    {
        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotifierDbContext>();
        await db.Database.MigrateAsync(ct);
        if (db.Database.IsSqlite())
        {
            // Write-ahead logging lets readers (the board) proceed while an import writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;", ct);
        }
    }
}
