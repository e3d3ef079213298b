using Hangfire;
using Hangfire.States;
using Hangfire.Storage;
using Hangfire.Storage.SQLite;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Core.Data;
using Notifier.Web.Infrastructure;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Jobs;

// Hangfire on real storage with the in-app server (house style §4.6): SQLite here, PostgreSQL in HangfirePostgresTests.
public sealed class HangfireTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task An_enqueued_job_runs_on_the_in_app_server_with_SQLite_storage()
    {
        using var app = new NotifierApp(jobs: true);
        var storage = Assert.IsType<SQLiteStorage>(app.Services.GetRequiredService<JobStorage>());
        var probe = JobsHealthCheckJob.Expect();

        var jobId = app.Services.GetRequiredService<IBackgroundJobClient>()
            .Enqueue<JobsHealthCheckJob>(j => j.RunAsync(probe.Id, CancellationToken.None));

        // The job read the app's own database through its DI scope: the bootstrap admin is there.
        Assert.Equal(1, await probe.Ran.WaitAsync(Patience));
        await WaitForStateAsync(storage, jobId, SucceededState.StateName);
    }

    [Fact]
    public async Task EF_Core_Sqlite_and_the_Hangfire_SQLite_storage_work_side_by_side_in_one_process()
    {
        using var app = new NotifierApp(jobs: true);
        var probes = Enumerable.Range(0, 5).Select(_ => JobsHealthCheckJob.Expect()).ToList();
        var client = app.Services.GetRequiredService<IBackgroundJobClient>();

        foreach (var probe in probes)
        {
            client.Enqueue<JobsHealthCheckJob>(j => j.RunAsync(probe.Id, CancellationToken.None));
            // EF writes to its database while Hangfire's workers read and write theirs.
            await app.CreateUserAsync(Core.Identity.Roles.ComplianceOfficer);
        }

        var counts = await Task.WhenAll(probes.Select(p => p.Ran.WaitAsync(Patience)));
        Assert.All(counts, c => Assert.InRange(c, 1, 6));
        Assert.Equal(6, await app.WithDbAsync(db => db.Users.CountAsync()));
        // Central transitive pinning leaves one SQLitePCLRaw for both (ADR-0009).
        Assert.Single(AppDomain.CurrentDomain.GetAssemblies(), a => a.GetName().Name == "SQLitePCLRaw.core");
    }

    [Fact]
    public async Task The_SQLite_queue_lives_in_its_own_file_in_the_data_folder_never_in_the_app_database()
    {
        using var app = new NotifierApp();
        _ = app.Services.GetRequiredService<JobStorage>();

        var file = app.Services.GetRequiredService<HangfireSqliteFile>();
        Assert.True(file.Temporary, "An in-memory app database gets a throwaway queue file.");
        Assert.Equal(app.DataFolder, Path.GetDirectoryName(file.Path));
        Assert.True(File.Exists(file.Path));

        // The app database has no Hangfire table.
        var tables = await app.WithDbAsync(db => db.Database.SqlQueryRaw<string>("SELECT name AS Value FROM sqlite_master WHERE type = 'table'").ToListAsync());
        Assert.DoesNotContain(tables, t => t.Contains("hangfire", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void A_file_database_gets_hangfire_db_in_the_data_folder_and_an_in_memory_one_a_throwaway_file()
    {
        var folder = Directory.CreateTempSubdirectory("notifier-data-").FullName;
        var file = new HangfireSqliteFile(folder, new DatabaseOptions { Provider = DatabaseProvider.Sqlite, ConnectionString = "" });
        Assert.Equal(Path.Combine(folder, "hangfire.db"), file.Path);
        Assert.False(file.Temporary);

        var memory = new HangfireSqliteFile(folder, new DatabaseOptions
        {
            Provider = DatabaseProvider.Sqlite,
            ConnectionString = new SqliteConnectionStringBuilder { DataSource = "x", Mode = SqliteOpenMode.Memory, Cache = SqliteCacheMode.Shared }.ToString(),
        });
        Assert.True(memory.Temporary);
        Assert.Equal(folder, Path.GetDirectoryName(memory.Path));
        Assert.NotEqual(Path.Combine(folder, "hangfire.db"), memory.Path);

        File.WriteAllText(memory.Path, "");
        memory.Dispose();
        Assert.False(File.Exists(memory.Path));
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public async Task Two_hosts_in_one_process_keep_separate_queues()
    {
        using var first = new NotifierApp(jobs: true);
        using var second = new NotifierApp(jobs: true);
        var firstFile = first.Services.GetRequiredService<HangfireSqliteFile>().Path;
        var secondFile = second.Services.GetRequiredService<HangfireSqliteFile>().Path;
        Assert.NotEqual(firstFile, secondFile);

        var probe = JobsHealthCheckJob.Expect();
        var jobId = second.Services.GetRequiredService<IBackgroundJobClient>()
            .Enqueue<JobsHealthCheckJob>(j => j.RunAsync(probe.Id, CancellationToken.None));
        await probe.Ran.WaitAsync(Patience);

        using var firstConnection = first.Services.GetRequiredService<JobStorage>().GetConnection();
        Assert.Null(firstConnection.GetJobData(jobId));
    }

    [Fact]
    public async Task A_recurring_job_from_the_registry_is_stored_in_UTC_and_runs_when_triggered()
    {
        var probe = JobsHealthCheckJob.Expect();
        var id = $"test-health-{probe.Id:N}";
        RecurringJobs.Add<JobsHealthCheckJob>(id, Cron.Never(), j => j.RunAsync(probe.Id, CancellationToken.None));
        try
        {
            using var app = new NotifierApp(jobs: true);
            var storage = app.Services.GetRequiredService<JobStorage>();

            using (var connection = storage.GetConnection())
            {
                var recurring = Assert.Single(connection.GetRecurringJobs(), r => r.Id == id);
                Assert.Equal(Cron.Never(), recurring.Cron);
                Assert.Equal(TimeZoneInfo.Utc.Id, recurring.TimeZoneId);
                Assert.Equal(typeof(JobsHealthCheckJob), recurring.Job.Type);
            }

            app.Services.GetRequiredService<IRecurringJobManager>().Trigger(id);

            Assert.Equal(1, await probe.Ran.WaitAsync(Patience));
        }
        finally
        {
            RecurringJobs.Remove(id);
        }
    }

    [Fact]
    public void The_registry_refuses_one_id_for_two_different_jobs()
    {
        var id = $"test-duplicate-{Guid.NewGuid():N}";
        RecurringJobs.Add<JobsHealthCheckJob>(id, Cron.Never(), j => j.RunAsync(Guid.Empty, CancellationToken.None));
        try
        {
            Assert.Throws<InvalidOperationException>(() =>
                RecurringJobs.Add<OtherJob>(id, Cron.Never(), j => j.RunAsync(CancellationToken.None)));
        }
        finally
        {
            RecurringJobs.Remove(id);
        }
    }

    [Fact]
    public void The_static_Hangfire_API_is_not_wired()
    {
        using var app = new NotifierApp();
        _ = app.Services.GetRequiredService<IBackgroundJobClient>();

        // Jobs are created through the injected IBackgroundJobClient only; JobStorage.Current is deliberately left unset.
        Assert.Throws<InvalidOperationException>(() => JobStorage.Current);
    }

    internal static async Task WaitForStateAsync(JobStorage storage, string jobId, string state)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            using (var connection = storage.GetConnection())
            {
                var current = connection.GetStateData(jobId)?.Name;
                if (current == state)
                {
                    return;
                }

                if (DateTime.UtcNow > deadline)
                {
                    Assert.Fail($"Job {jobId} is {current ?? "unknown"}, not {state}.");
                }
            }

            await Task.Delay(50);
        }
    }

    public sealed class OtherJob(TimeProvider clock)
    {
        public Task RunAsync(CancellationToken ct) => Task.Delay(TimeSpan.Zero, clock, ct);
    }
}
