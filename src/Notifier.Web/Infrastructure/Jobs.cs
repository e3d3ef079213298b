using System.Collections.Concurrent;
using System.ComponentModel.DataAnnotations;
using System.Linq.Expressions;
using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using Hangfire.Logging;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.SqlServer;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Npgsql;
using Notifier.Core.Data;

namespace Notifier.Web.Infrastructure;

// What this process does: serve the web app and the API, run the background jobs, or both (the default). Several worker
// processes, on several machines, share the work through the database and Hangfire's storage (PostgreSQL or SQL Server).
public enum ProcessRole
{
    Both,
    Web,
    Worker,
}

public sealed class JobsOptions
{
    public const string Section = "Jobs";

    // Jobs:Role, or the command-line switch --role web|worker|both.
    public ProcessRole Role { get; set; } = ProcessRole.Both;

    // Whether this process runs a Hangfire server (workers). A web node that only enqueues sets it to false
    // (the same as Role = Web; kept for existing configurations).
    public bool Worker { get; set; } = true;

    [Range(1, 64)]
    public int WorkerCount { get; set; } = 2;

    // How often idle workers poll the queue and the scheduler looks for due jobs. Empty keeps each storage's
    // default (15 s for SQLite and PostgreSQL). The tests shorten it.
    public TimeSpan? PollInterval { get; set; }
}

// Hangfire is the trigger, the database is the truth (ADR-0004). Storage follows Database:Provider (ADR-0009).
public static class Jobs
{
    public const string DashboardPath = "/jobs";
    public const string PostgreSqlSchema = "hangfire";

    // The command-line switch `--role X` (or `--role=X`) of the app becomes `--Jobs:Role=X`.
    public static string[] RoleSwitch(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new List<string>(args.Length);
        for (var i = 0; i < args.Length; i++)
        {
            if (args[i] == "--role" && i + 1 < args.Length)
            {
                result.Add($"--{JobsOptions.Section}:{nameof(JobsOptions.Role)}={args[++i]}");
            }
            else if (args[i].StartsWith("--role=", StringComparison.Ordinal))
            {
                result.Add($"--{JobsOptions.Section}:{nameof(JobsOptions.Role)}={args[i]["--role=".Length..]}");
            }
            else
            {
                result.Add(args[i]);
            }
        }

        return [.. result];
    }

    public static ProcessRole Role(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var text = configuration[$"{JobsOptions.Section}:{nameof(JobsOptions.Role)}"];
        if (string.IsNullOrWhiteSpace(text))
        {
            return ProcessRole.Both;
        }

        return Enum.TryParse<ProcessRole>(text.Trim(), ignoreCase: true, out var role) && Enum.IsDefined(role)
            ? role
            : throw new InvalidOperationException($"Unknown process role '{text}': web, worker or both.");
    }

    public static bool RunsServer(IConfiguration configuration) =>
        Role(configuration) != ProcessRole.Web && (configuration.GetSection(JobsOptions.Section).Get<JobsOptions>() ?? new JobsOptions()).Worker;

    public static bool ServesWeb(IConfiguration configuration) => Role(configuration) != ProcessRole.Worker;

    public static WebApplicationBuilder AddNotifierJobs(this WebApplicationBuilder builder)
    {
        var dataFolder = Database.DataFolder(builder.Configuration, builder.Environment);
        builder.Services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateDataAnnotations().ValidateOnStart();

        // Hangfire keeps process-wide defaults (JobStorage.Current, JobActivator.Current, the log provider). Registering
        // this app's storage and activator first makes every Hangfire service of this container use them, so that two
        // hosts in one process (the tests) never share a queue. JobStorage.Current stays unset on purpose: the static
        // BackgroundJob and RecurringJob APIs then fail loudly instead of being used (house style §4.6).
        builder.Services.AddSingleton(sp => new HangfireSqliteFile(dataFolder, sp.GetRequiredService<IOptions<DatabaseOptions>>().Value));
        builder.Services.AddSingleton(CreateStorage);
        builder.Services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        builder.Services.AddHangfire((sp, config) => config
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogProvider(sp.GetRequiredService<ILoggerFactory>())));

        if (RunsServer(builder.Configuration))
        {
            builder.Services.AddHangfireServer((sp, server) =>
            {
                var jobs = sp.GetRequiredService<IOptions<JobsOptions>>().Value;
                server.WorkerCount = jobs.WorkerCount;
                if (jobs.PollInterval is { } poll)
                {
                    server.SchedulePollingInterval = poll;
                }
            });
        }

        return builder;
    }

    // Registers the recurring schedules and maps the dashboard (Admin only; anonymous users are sent to sign in).
    public static WebApplication MapNotifierJobs(this WebApplication app)
    {
        app.MapNotifierJobSchedules();
        app.MapHangfireDashboardWithAuthorizationPolicy(Policies.Admin, DashboardPath, new DashboardOptions
        {
            DashboardTitle = "Notifier — jobs",
            AppPath = "/",
            // The storage description can contain a host name or a file path; the dashboard has no need to show it.
            DisplayStorageConnectionString = false,
        });
        return app;
    }

    public static WebApplication MapNotifierJobSchedules(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        RecurringJobs.RegisterAll(app.Services.GetRequiredService<IRecurringJobManager>());
        return app;
    }

    private static JobStorage CreateStorage(IServiceProvider sp)
    {
        // Hangfire's serializer settings must be in place before the storage is used.
        sp.GetRequiredService<IGlobalConfiguration>();
        var database = sp.GetRequiredService<IOptions<DatabaseOptions>>().Value;
        var poll = sp.GetRequiredService<IOptions<JobsOptions>>().Value.PollInterval;
        switch (database.Provider)
        {
            case DatabaseProvider.Sqlite:
                var sqlite = new SQLiteStorageOptions { JournalMode = SQLiteStorageOptions.JournalModes.WAL };
                if (poll is { } p)
                {
                    sqlite.QueuePollInterval = p;
                }

                return new SQLiteStorage(sp.GetRequiredService<HangfireSqliteFile>().Path, sqlite);
            case DatabaseProvider.PostgreSql:
                var postgres = new PostgreSqlStorageOptions { SchemaName = PostgreSqlSchema, PrepareSchemaIfNecessary = true };
                if (poll is { } q)
                {
                    postgres.QueuePollInterval = q;
                }

                // Hangfire.PostgreSql refuses connection strings that enlist in ambient transactions; Notifier uses none.
                var connectionString = new NpgsqlConnectionStringBuilder(database.ConnectionString) { Enlist = false }.ConnectionString;
                return new PostgreSqlStorage(new NpgsqlConnectionFactory(connectionString, postgres), postgres);
            case DatabaseProvider.SqlServer:
                var sqlServer = new SqlServerStorageOptions { PrepareSchemaIfNecessary = true };
                if (poll is { } r)
                {
                    sqlServer.QueuePollInterval = r;
                }

                return new SqlServerStorage(database.ConnectionString, sqlServer);
            default:
                throw new InvalidOperationException($"Unknown database provider {database.Provider}.");
        }
    }
}

// Where Hangfire.Storage.SQLite keeps its queue: a file of its own, never the app's EF database (ADR-0009).
// With an in-memory app database (the tests) the queue is as disposable as the data: a per-host file, deleted on stop.
public sealed class HangfireSqliteFile : IDisposable
{
    public HangfireSqliteFile(string dataFolder, DatabaseOptions database)
    {
        Directory.CreateDirectory(dataFolder);
        Temporary = database.Provider == DatabaseProvider.Sqlite && IsInMemory(database.ConnectionString);
        Path = System.IO.Path.Combine(dataFolder, Temporary ? $"hangfire-{Guid.NewGuid():N}.tmp.db" : "hangfire.db");
    }

    public string Path { get; }
    public bool Temporary { get; }

    public static bool IsInMemory(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            return false;
        }

        var csb = new SqliteConnectionStringBuilder(connectionString);
        return csb.Mode == SqliteOpenMode.Memory || csb.DataSource is "" or ":memory:";
    }

    // Runs after the storage is disposed (the container disposes in reverse order of creation).
    public void Dispose()
    {
        if (!Temporary)
        {
            return;
        }

        foreach (var file in new[] { Path, Path + "-wal", Path + "-shm", Path + "-journal" })
        {
            try
            {
                File.Delete(file);
            }
            catch (IOException)
            {
                // A leftover temporary queue is harmless; the data folder of a test is removed anyway.
            }
            catch (UnauthorizedAccessException)
            {
            }
        }
    }
}

// Every recurring schedule in one place (house style §4.6). Call Add before the app maps its endpoints, for example
// in AddNotifierJobs:
//     public const string DeadlineReminders = "deadline-reminders";
//     RecurringJobs.Add<DeadlineReminderJob>(DeadlineReminders, "*/5 * * * *", j => j.RunAsync(CancellationToken.None));
// An id is the key of the schedule in Hangfire's storage: renaming one leaves the old schedule behind, so remove the
// old id with IRecurringJobManager.RemoveIfExists in the same change.
public static class RecurringJobs
{
    private static readonly ConcurrentDictionary<string, RecurringJobDefinition> Definitions = new(StringComparer.Ordinal);

    public static IReadOnlyList<RecurringJobDefinition> All =>
        [.. Definitions.Values.OrderBy(d => d.Id, StringComparer.Ordinal)];

    // Hangfire substitutes the job's own cancellation token for a CancellationToken argument (pass CancellationToken.None).
    public static void Add<TJob>(string id, string cron, Expression<Func<TJob, Task>> call)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(cron);
        ArgumentNullException.ThrowIfNull(call);
        var definition = new RecurringJobDefinition(id, cron, Job.FromExpression(call));
        Definitions.AddOrUpdate(id, definition, (_, existing) =>
            existing.Job.Type == definition.Job.Type && existing.Job.Method == definition.Job.Method
                ? definition
                : throw new InvalidOperationException($"Recurring job id '{id}' is already used by {existing.Job.Type.Name}.{existing.Job.Method.Name}."));
    }

    // For tests that register a schedule of their own; production schedules are never removed at run time.
    internal static bool Remove(string id) => Definitions.TryRemove(id, out _);

    // AddOrUpdate validates the cron expression, so a wrong schedule fails the start, not the first scheduler tick.
    public static void RegisterAll(IRecurringJobManager manager)
    {
        ArgumentNullException.ThrowIfNull(manager);
        foreach (var definition in All)
        {
            manager.AddOrUpdate(definition.Id, definition.Job, definition.Cron, new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
    }
}

public sealed record RecurringJobDefinition(string Id, string Cron, Job Job);

// Hangfire's log provider is process-wide. Several hosts share it in the tests; a host that has stopped must not make
// the others' Hangfire code throw ObjectDisposedException when it asks for a logger.
internal sealed class HangfireLogProvider(ILoggerFactory factory) : ILogProvider
{
    public ILog GetLogger(string name)
    {
        try
        {
            return new HangfireLog(factory.CreateLogger(name));
        }
        catch (ObjectDisposedException)
        {
            return new HangfireLog(Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        }
    }

    private sealed class HangfireLog(ILogger logger) : ILog
    {
        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null)
        {
            var level = logLevel switch
            {
                Hangfire.Logging.LogLevel.Trace => Microsoft.Extensions.Logging.LogLevel.Trace,
                Hangfire.Logging.LogLevel.Debug => Microsoft.Extensions.Logging.LogLevel.Debug,
                Hangfire.Logging.LogLevel.Info => Microsoft.Extensions.Logging.LogLevel.Information,
                Hangfire.Logging.LogLevel.Warn => Microsoft.Extensions.Logging.LogLevel.Warning,
                Hangfire.Logging.LogLevel.Error => Microsoft.Extensions.Logging.LogLevel.Error,
                Hangfire.Logging.LogLevel.Fatal => Microsoft.Extensions.Logging.LogLevel.Critical,
                _ => Microsoft.Extensions.Logging.LogLevel.None,
            };
            if (messageFunc is null)
            {
                return logger.IsEnabled(level);
            }

            if (logger.IsEnabled(level))
            {
                logger.Log(level, 0, messageFunc(), exception, static (message, _) => message);
            }

            return true;
        }
    }
}
