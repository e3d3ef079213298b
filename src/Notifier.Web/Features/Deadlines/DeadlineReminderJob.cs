using Hangfire;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Deadlines;
using Notifier.Core.Identity;
using Notifier.Web.Infrastructure.Email;

namespace Notifier.Web.Features.Deadlines;

// The recurring sweep (house style §4.6): it re-derives due reminders from the database each run, so a lost queue or a
// restart never loses a reminder, and the unique ReminderLog key makes every reminder go out once.
public sealed class DeadlineReminderJob(
    NotifierDbContext db,
    CaseClocks clocks,
    IEmailSender email,
    TimeProvider clock,
    IOptions<DeadlineOptions> options,
    ILogger<DeadlineReminderJob> logger)
{
    public const string RecurringId = "deadline-reminders";

    [AutomaticRetry(Attempts = 3)]
    [DisableConcurrentExecution(timeoutInSeconds: 300)]
    public async Task<int> RunAsync(CancellationToken ct)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var o = options.Value;
        var open = db.Cases.Where(c => c.AwareAtUtc != null && c.Status != CaseStatus.Closed);
        var all = await clocks.ForAsync(open, now, ct);
        var caseIds = all.Select(c => c.Case.Id).ToList();
        var recorded = (await db.Reminders.AsNoTracking().Where(r => caseIds.Contains(r.ControllerCaseId))
                .Select(r => new { r.ControllerCaseId, r.Kind, r.DueUtc, r.Threshold }).ToListAsync(ct))
            .ToLookup(r => (r.ControllerCaseId, r.Kind, r.DueUtc), r => r.Threshold);
        var officers = await RecipientsAsync(Roles.ComplianceOfficer, null, ct);
        var sent = 0;
        foreach (var c in all)
        {
            foreach (var obligation in c.Obligations)
            {
                if (obligation.DueUtc is not { } due)
                {
                    continue;
                }

                var (send, skip) = Reminders.Pending(obligation, o.ReminderHoursBefore, o.RemindWhenOverdue, now,
                    recorded[(c.Case.Id, obligation.Kind, due)].ToHashSet());
                if (send is null)
                {
                    continue;
                }

                var recipients = (await RecipientsAsync(Roles.LabDpo, c.Laboratory.Id, ct))
                    .Append(c.Laboratory.Dpo.Email).Concat(officers)
                    .Where(a => !string.IsNullOrWhiteSpace(a)).Distinct(StringComparer.OrdinalIgnoreCase).ToList();
                if (!await ClaimAsync(c, obligation.Kind, due, send, skip, recipients.Count, now, ct))
                {
                    continue;
                }

                var context = new ReminderContext(c.Laboratory.Name, c.Case.Reference, c.Incident.Reference, ObligationLabels.Of(obligation.Kind),
                    obligation.LegalBasis, due, c.Laboratory.TimeZoneId, send,
                    $"{o.PublicBaseUrl.TrimEnd('/')}/Cases/Details/{c.Case.Id}#obligations");
                try
                {
                    foreach (var to in recipients)
                    {
                        await email.SendAsync(ReminderEmails.Compose(Guid.CreateVersion7(), to, context, now), ct);
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // Release the claim so that the next sweep tries again; the error goes to Hangfire's retry.
                    await db.Reminders.Where(r => r.ControllerCaseId == c.Case.Id && r.Kind == obligation.Kind && r.DueUtc == due && r.Threshold == send)
                        .ExecuteDeleteAsync(CancellationToken.None);
                    throw;
                }

                sent++;
                logger.LogInformation("Reminder {Threshold} for {Kind} of case {CaseId} sent to {Count} recipients", send, obligation.Kind, c.Case.Id, recipients.Count);
            }
        }

        return sent;
    }

    // Records the reminder (and the skipped thresholds) before sending: the unique key makes a concurrent sweep lose the race.
    private async Task<bool> ClaimAsync(CaseClock c, ObligationKind kind, DateTime due, string send, IReadOnlyList<string> skip, int recipients,
        DateTime now, CancellationToken ct)
    {
        db.Reminders.Add(new ReminderLog(Guid.CreateVersion7(), c.Case.Id, kind, send, due, now, recipients));
        db.Reminders.AddRange(skip.Select(t => new ReminderLog(Guid.CreateVersion7(), c.Case.Id, kind, t, due, now, 0)));
        try
        {
            await db.SaveChangesAsync(ct);
            return true;
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }

    private async Task<List<string>> RecipientsAsync(string role, Guid? laboratoryId, CancellationToken ct)
    {
        var query = db.Users.Where(u => !u.IsDisabled && u.Email != null
            && db.UserRoles.Any(ur => ur.UserId == u.Id && db.Roles.Any(r => r.Id == ur.RoleId && r.Name == role)));
        if (laboratoryId is { } labId)
        {
            query = query.Where(u => db.LabAssignments.Any(a => a.UserId == u.Id && a.LaboratoryId == labId));
        }

        return await query.Select(u => u.Email!).ToListAsync(ct);
    }
}
