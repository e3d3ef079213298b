using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Protection;
using Notifier.Core.Subjects;
using Notifier.Web.Features.Imports;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Subjects;

// The laboratory's persons, for its DPO only: who is in the manual-review queue and why, who is a minor, how each
// will be told. Health fields are never listed here; each row is decrypted only for the page shown.
[Authorize(Policy = Policies.LabPersons)]
public sealed class SubjectsController(NotifierDbContext db, LabAccess access, FieldCipher cipher,
    Letters.LetterService letters, Letters.LetterTemplateStore templates, AuditTrail audit, Microsoft.Extensions.Localization.IStringLocalizer<SharedResource> t) : Controller
{
    public const int PageSize = 100;

    public async Task<IActionResult> Index(Guid caseId, string? filter, int page = 1, CancellationToken ct = default)
    {
        var @case = await access.FindCaseForPersonsAsync(caseId, ct);
        if (@case is null)
        {
            return NotFound();
        }

        var all = db.Subjects.AsNoTracking().Where(s => s.ControllerCaseId == caseId);
        var query = filter switch
        {
            "review" => all.Where(s => s.ReviewReason != ReviewReason.None),
            "minors" => all.Where(s => s.IsMinor),
            "email" => all.Where(s => s.HasEmail),
            _ => all,
        };
        var total = await query.CountAsync(ct);
        var pages = Math.Max(1, (total + PageSize - 1) / PageSize);
        page = Math.Clamp(page, 1, pages);
        var rows = await query.OrderBy(s => s.Id).Skip((page - 1) * PageSize).Take(PageSize).ToListAsync(ct);
        var counts = new SubjectFilterCounts(
            await all.CountAsync(ct),
            await all.CountAsync(s => s.ReviewReason != ReviewReason.None, ct),
            await all.CountAsync(s => s.IsMinor, ct),
            await all.CountAsync(s => s.HasEmail, ct));
        var items = rows.Select(s =>
        {
            var p = cipher.OpenSubject(s.Id, s.Payload);
            return new SubjectRow(s.Id, SubjectNames.Display(p), p.LabPatientId, p.BirthDate, p.PostalCode, p.City, s.IsMinor, s.Channel, s.Status, s.ReviewReason);
        }).ToList();
        return View(new SubjectsPage(@case, filter, items, total, page, pages, counts));
    }

    // One person's letter, for the DPO (a reprint, a check before the batches go out).
    public async Task<IActionResult> Letter(Guid id, string? language, CancellationToken ct)
    {
        var result = await Letters.SingleLetter.RenderAsync(db, access, letters, templates, audit, id, language, ct);
        if (result.NotFound)
        {
            return NotFound();
        }

        if (result.Pdf is { } pdf)
        {
            return File(pdf, "application/pdf", result.FileName);
        }

        var subject = await db.Subjects.AsNoTracking().FirstAsync(s => s.Id == id, ct);
        TempData["Flash"] = t[result.Error!].Value;
        return RedirectToAction(nameof(Index), new { caseId = subject.ControllerCaseId });
    }
}

public sealed record SubjectRow(Guid Id, string Name, string? LabPatientId, DateOnly? BirthDate, string? PostalCode, string? City, bool IsMinor,
    NotificationChannel Channel, SubjectNotificationStatus Status, ReviewReason ReviewReason);

public sealed record SubjectFilterCounts(int All, int Review, int Minors, int WithEmail);

public sealed record SubjectsPage(ControllerCase Case, string? Filter, IReadOnlyList<SubjectRow> Rows, int Total, int Page, int Pages,
    SubjectFilterCounts Counts);
