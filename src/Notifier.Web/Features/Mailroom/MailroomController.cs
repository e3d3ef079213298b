using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Data;
using Notifier.Core.Subjects;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Mailroom;

// The mailroom's home: the laboratories it sends letters for and how many persons await a paper letter.
// Addresses and counts only — never a health field (the projection below selects none).
[Authorize(Policy = Policies.Mailroom)]
public sealed class MailroomController(NotifierDbContext db, LabAccess access) : Controller
{
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var labs = access.Laboratories();
        var rows = await labs.OrderBy(l => l.Name)
            .Select(l => new MailroomLabRow(l.Id, l.Name, l.Address.PostalCode, l.Address.City,
                db.Subjects.Count(s => db.Cases.Any(c => c.Id == s.ControllerCaseId && c.LaboratoryId == l.Id)
                    && (s.Channel == NotificationChannel.Post || s.Channel == NotificationChannel.EmailAndPost)
                    && s.ReviewReason == ReviewReason.None),
                db.Subjects.Count(s => db.Cases.Any(c => c.Id == s.ControllerCaseId && c.LaboratoryId == l.Id)
                    && s.Status == SubjectNotificationStatus.LetterPosted)))
            .ToListAsync(ct);
        var cases = await access.CasesForMail().OrderBy(c => c.Reference)
            .Select(c => new MailroomCaseRow(c.Id, c.LaboratoryId, c.Reference, c.Incident!.Title)).ToListAsync(ct);
        return View(new MailroomPage(rows, cases));
    }
}

public sealed record MailroomLabRow(Guid Id, string Name, string PostalCode, string City, int AwaitingLetter, int Posted);

public sealed record MailroomCaseRow(Guid Id, Guid LaboratoryId, string Reference, string IncidentTitle);

public sealed record MailroomPage(IReadOnlyList<MailroomLabRow> Labs, IReadOnlyList<MailroomCaseRow> Cases);
