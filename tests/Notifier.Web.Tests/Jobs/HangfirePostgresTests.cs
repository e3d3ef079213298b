using Hangfire;
using Hangfire.PostgreSql;
using Hangfire.States;
using Hangfire.Storage;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using Notifier.Core.Data;
using Notifier.Web.Infrastructure;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Jobs;

[Collection("postgres")]
public sealed class HangfirePostgresTests(PostgresServer postgres)
{
    [PostgresFact]
    public async Task An_enqueued_job_runs_on_the_in_app_server_with_PostgreSQL_storage()
    {
        var connectionString = postgres.ConnectionString("jobs_run");
        using var app = new NotifierApp(connectionString: connectionString, provider: DatabaseProvider.PostgreSql, jobs: true);
        var storage = Assert.IsType<PostgreSqlStorage>(app.Services.GetRequiredService<JobStorage>());
        var probe = JobsHealthCheckJob.Expect();

        var jobId = app.Services.GetRequiredService<IBackgroundJobClient>()
            .Enqueue<JobsHealthCheckJob>(j => j.RunAsync(probe.Id, CancellationToken.None));

        Assert.Equal(1, await probe.Ran.WaitAsync(TimeSpan.FromSeconds(30)));
        await HangfireTests.WaitForStateAsync(storage, jobId, SucceededState.StateName);

        // Hangfire's tables sit in their own schema of the same database, outside the EF migrations.
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT count(*) FROM information_schema.tables WHERE table_schema = @schema", connection);
        command.Parameters.AddWithValue("schema", Notifier.Web.Infrastructure.Jobs.PostgreSqlSchema);
        Assert.True((long)(await command.ExecuteScalarAsync())! > 0);
    }

    [PostgresFact]
    public async Task A_recurring_job_is_stored_and_triggered_on_PostgreSQL_storage()
    {
        var probe = JobsHealthCheckJob.Expect();
        var id = $"test-health-pg-{probe.Id:N}";
        RecurringJobs.Add<JobsHealthCheckJob>(id, Cron.Never(), j => j.RunAsync(probe.Id, CancellationToken.None));
        try
        {
            using var app = new NotifierApp(connectionString: postgres.ConnectionString("jobs_recurring"), provider: DatabaseProvider.PostgreSql, jobs: true);
            using (var connection = app.Services.GetRequiredService<JobStorage>().GetConnection())
            {
                var recurring = Assert.Single(connection.GetRecurringJobs(), r => r.Id == id);
                Assert.Equal(TimeZoneInfo.Utc.Id, recurring.TimeZoneId);
            }

            app.Services.GetRequiredService<IRecurringJobManager>().Trigger(id);

            Assert.Equal(1, await probe.Ran.WaitAsync(TimeSpan.FromSeconds(30)));
        }
        finally
        {
            RecurringJobs.Remove(id);
        }
    }
}
