using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Deadlines;

public static class DeadlinesSetup
{
    public static WebApplicationBuilder AddNotifierDeadlines(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<DeadlineOptions>().BindConfiguration(DeadlineOptions.Section).ValidateDataAnnotations()
            .Validate(o => o.ReminderHoursBefore.All(h => h is > 0 and <= 720), "Deadlines:ReminderHoursBefore must hold hours between 1 and 720.")
            .ValidateOnStart();
        builder.Services.AddScoped<CaseClocks>();
        builder.Services.AddScoped<ObligationCommands>();
        builder.Services.AddScoped<DeadlineReminderJob>();
        var cron = builder.Configuration.GetSection(DeadlineOptions.Section).Get<DeadlineOptions>()?.SweepCron ?? new DeadlineOptions().SweepCron;
        RecurringJobs.Add<DeadlineReminderJob>(DeadlineReminderJob.RecurringId, cron, job => job.RunAsync(CancellationToken.None));
        return builder;
    }
}
