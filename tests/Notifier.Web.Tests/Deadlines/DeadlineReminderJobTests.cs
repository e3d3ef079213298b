using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Notifier.Core.Protection;
using Notifier.Web.Features.Deadlines;
using Notifier.Web.Tests.Email;
using Notifier.Web.Tests.Infrastructure;

namespace Notifier.Web.Tests.Deadlines;

// The real recurring sweep, triggered through Hangfire on real storage, e-mailing through MailKit to a real SMTP server
// on 127.0.0.1: one reminder per threshold, never twice, never with a patient's data.
[Collection("postgres")]
public sealed class DeadlineReminderJobTests(PostgresServer postgres)
{
    private const string Lab = "Biolab Vilaine"; // demo lab aware 23/02/2021 13:40 Paris, CNIL due 26/02/2021 13:40 Paris (12:40 UTC)

    [Fact]
    public async Task Reminders_go_out_once_per_threshold_on_SQLite_storage()
    {
        await using var smtp = await SmtpSink.StartAsync();
        using var app = NewApp(smtp, connectionString: null, Core.Data.DatabaseProvider.Sqlite);
        await RunScenarioAsync(app, smtp);
    }

    [PostgresFact]
    public async Task Reminders_go_out_once_per_threshold_on_PostgreSQL_storage()
    {
        await using var smtp = await SmtpSink.StartAsync();
        using var app = NewApp(smtp, postgres.ConnectionString("reminders"), Core.Data.DatabaseProvider.PostgreSql);
        await RunScenarioAsync(app, smtp);
    }

    private static NotifierApp NewApp(SmtpSink smtp, string? connectionString, Core.Data.DatabaseProvider provider)
    {
        var app = new NotifierApp(demo: true, connectionString: connectionString, provider: provider, jobs: true,
            now: new DateTimeOffset(2021, 2, 25, 11, 0, 0, TimeSpan.Zero));
        app.Settings["Email:Transport"] = "Smtp";
        app.Settings["Email:Smtp:Host"] = "127.0.0.1";
        app.Settings["Email:Smtp:Port"] = smtp.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        app.Settings["Email:Smtp:Security"] = "None";
        app.Settings["Email:Smtp:Pipelining"] = "false";
        // Only the test triggers the sweep.
        app.Settings["Deadlines:SweepCron"] = Cron.Never();
        return app;
    }

    private static async Task RunScenarioAsync(NotifierApp app, SmtpSink smtp)
    {
        // 25/02 11:00 UTC: 25 h 40 before the first due instant. Nothing to remind yet.
        await SweepAsync(app);
        Assert.Empty(smtp.Messages);

        // 25/02 13:00 UTC: the 24-hour threshold of Biolab Vilaine has passed — and only that one.
        app.Clock.SetUtcNow(new DateTimeOffset(2021, 2, 25, 13, 0, 0, TimeSpan.Zero));
        await SweepAsync(app);
        var first = await smtp.WaitForMessagesAsync(2);
        Assert.All(first, m => Assert.Contains(Lab, m.Message.Subject, StringComparison.Ordinal));
        Assert.Equal(["conformite@notifier.example", "dpo@lab02.example"],
            first.Select(m => m.Message.To.Mailboxes.Single().Address).Order(StringComparer.Ordinal));
        var body = first[0].Message.TextBody;
        Assert.Contains("26/02/2021 13:40 (UTC+01:00)", body, StringComparison.Ordinal);
        Assert.Contains("RGPD art. 33(1)", body, StringComparison.Ordinal);
        await AssertNoPatientDataAsync(app, first.Select(m => m.Message.Subject + m.Message.TextBody + m.Message.HtmlBody));

        // The same instant again: the sweep finds nothing new to send.
        await SweepAsync(app);
        Assert.Equal(2, smtp.Messages.Count);

        // 26/02 07:00 UTC: the 6-hour threshold.
        app.Clock.SetUtcNow(new DateTimeOffset(2021, 2, 26, 7, 0, 0, TimeSpan.Zero));
        await SweepAsync(app);
        var lab = LabMessages(smtp);
        Assert.Equal(4, lab.Count);
        Assert.Equal(2, lab.Count(s => s.Contains("échéance dans 5 h 40", StringComparison.Ordinal)));

        // 26/02 13:00 UTC: past the deadline. The 1-hour threshold was missed while the sweep was not running:
        // only the "overdue" reminder goes out, the missed one is recorded as skipped.
        app.Clock.SetUtcNow(new DateTimeOffset(2021, 2, 26, 13, 0, 0, TimeSpan.Zero));
        await SweepAsync(app);
        Assert.Equal(6, LabMessages(smtp).Count);
        Assert.Equal(2, LabMessages(smtp).Count(s => s.Contains("échéance dépassée depuis 20 min", StringComparison.Ordinal)));
        var thresholds = await app.WithDbAsync(db => db.Reminders
            .Where(r => db.Cases.Any(c => c.Id == r.ControllerCaseId && c.Laboratory!.Name == Lab) && r.Kind == Core.Deadlines.ObligationKind.CnilNotification)
            .OrderBy(r => r.Threshold).Select(r => new { r.Threshold, r.Recipients }).ToListAsync());
        Assert.Equal(["1h", "24h", "6h", "overdue"], thresholds.Select(t => t.Threshold));
        Assert.Equal(0, thresholds.Single(t => t.Threshold == "1h").Recipients);
    }

    // Other labs cross their own thresholds as the clock moves; count only this lab's messages. The sweep sends before it
    // succeeds, so once Hangfire reports it succeeded every message has been accepted by the SMTP server.
    private static List<string> LabMessages(SmtpSink smtp) =>
        smtp.Messages.Select(m => m.Message.Subject ?? "").Where(s => s.Contains(Lab, StringComparison.Ordinal)).ToList();

    private static async Task SweepAsync(NotifierApp app)
    {
        var storage = app.Services.GetRequiredService<JobStorage>();
        var before = storage.GetMonitoringApi().SucceededListCount();
        app.Services.GetRequiredService<IRecurringJobManager>().Trigger(DeadlineReminderJob.RecurringId);
        await WaitUntilAsync(() => storage.GetMonitoringApi().SucceededListCount() > before);
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "Timed out waiting for the sweep.");
            await Task.Delay(100);
        }
    }

    private static async Task AssertNoPatientDataAsync(NotifierApp app, IEnumerable<string?> texts)
    {
        var cipher = app.Services.GetRequiredService<FieldCipher>();
        var all = string.Join("\n", texts);
        var subjects = await app.WithDbAsync(db => db.Subjects.ToListAsync());
        Assert.NotEmpty(subjects);
        foreach (var s in subjects)
        {
            var p = cipher.OpenSubject(s.Id, s.Payload);
            foreach (var value in new[] { p.Nir, p.Email, p.LastName + " " + p.FirstName, p.Comment }.Where(v => !string.IsNullOrEmpty(v)))
            {
                Assert.DoesNotContain(value!, all, StringComparison.Ordinal);
            }
        }
    }
}
