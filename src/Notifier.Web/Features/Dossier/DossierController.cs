using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Notifier.Core.Data;
using Notifier.Core.Notifications;
using Notifier.Web.Features.Shared;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Dossier;

// The laboratory's CNIL dossier: pre-filled review, Art. 33(3) checklist, copy-paste view, notifications (initial and
// complementary snapshots), the PDF, the filing record and the CNIL's summary PDF; the health-sector report beside it.
[Authorize(Policy = Policies.ViewCases)]
public sealed class DossierController(DossierService dossiers, DossierPdf pdf, NotifierDbContext db, LabAccess access, AuditTrail audit,
    TimeProvider clock, IStringLocalizer<SharedResource> t) : Controller
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    public async Task<IActionResult> Index(Guid caseId, CancellationToken ct)
    {
        var ctx = await dossiers.LoadAsync(caseId, Now, ct);
        return ctx is null ? NotFound() : View(new DossierPage(ctx, ctx.Draft(Now), access.CanEditCases, access.CanManageIncidents));
    }

    public async Task<IActionResult> Facts(Guid caseId, CancellationToken ct)
    {
        var ctx = await dossiers.LoadAsync(caseId, Now, ct);
        if (ctx is null)
        {
            return NotFound();
        }

        if (!access.CanEditCases)
        {
            return Forbid();
        }

        var input = ctx.Input(NotificationKind.Initial, 1, Now);
        return View(new FactsPage(ctx.Case.Id, ctx.Case.IncidentId, ctx.Laboratory.Name, ctx.Incident.Reference, false,
            FactsForm.From(ctx.Facts, DossierComposer.SubjectCategoryCodes(input)), await dossiers.OptionsAsync(ct), ctx.SubjectCount, ctx.Subjects.Imported));
    }

    [HttpPost]
    [ActionName("Facts")]
    public async Task<IActionResult> SaveFacts(Guid caseId, [Bind(Prefix = "Form")] FactsForm form, CancellationToken ct)
    {
        var ctx = await dossiers.LoadAsync(caseId, Now, ct);
        if (ctx is null)
        {
            return NotFound();
        }

        if (!access.CanEditCases)
        {
            return Forbid();
        }

        if (!ModelState.IsValid)
        {
            return View("Facts", new FactsPage(ctx.Case.Id, ctx.Case.IncidentId, ctx.Laboratory.Name, ctx.Incident.Reference, false, form,
                await dossiers.OptionsAsync(ct), ctx.SubjectCount, ctx.Subjects.Imported));
        }

        var own = ctx.LabFacts;
        if (own is null)
        {
            own = new DossierFacts(Guid.CreateVersion7(), ctx.Case.IncidentId, ctx.Case.Id);
            db.DossierFacts.Add(own);
        }

        var changed = own.ApplyOverrides(ctx.SharedFacts, form.ToFacts(ctx.Labels.Keys.Select(k => k.Item2).ToHashSet()), Now);
        audit.Record("dossier.facts-updated", nameof(DossierFacts), own.Id, ctx.Case.IncidentId, ctx.Case.Id,
            changed.Count == 0 ? "Faits du dossier enregistrés sans changement." : "Faits propres au laboratoire : " + string.Join(", ", changed));
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = t["Faits du dossier enregistrés."].Value;
        return RedirectToAction(nameof(Index), new { caseId });
    }

    [Authorize(Policy = Policies.ManageIncidents)]
    public async Task<IActionResult> SharedFacts(Guid incidentId, CancellationToken ct)
    {
        var incident = await access.FindIncidentAsync(incidentId, ct);
        if (incident is null)
        {
            return NotFound();
        }

        var shared = await db.DossierFacts.FirstOrDefaultAsync(f => f.IncidentId == incidentId && f.ControllerCaseId == null, ct)
            ?? new DossierFacts(Guid.Empty, incidentId, null);
        return View("Facts", new FactsPage(null, incidentId, null, incident.Reference, true, FactsForm.From(shared, []), await dossiers.OptionsAsync(ct), null, 0));
    }

    [HttpPost]
    [ActionName("SharedFacts")]
    [Authorize(Policy = Policies.ManageIncidents)]
    public async Task<IActionResult> SaveSharedFacts(Guid incidentId, [Bind(Prefix = "Form")] FactsForm form, CancellationToken ct)
    {
        var incident = await access.FindIncidentAsync(incidentId, ct);
        if (incident is null)
        {
            return NotFound();
        }

        var options = await dossiers.OptionsAsync(ct);
        if (!ModelState.IsValid)
        {
            return View("Facts", new FactsPage(null, incidentId, null, incident.Reference, true, form, options, null, 0));
        }

        var shared = await db.DossierFacts.FirstOrDefaultAsync(f => f.IncidentId == incidentId && f.ControllerCaseId == null, ct);
        if (shared is null)
        {
            shared = new DossierFacts(Guid.CreateVersion7(), incidentId, null);
            db.DossierFacts.Add(shared);
        }

        var changed = shared.ApplyShared(form.ToFacts(options.Select(o => o.Code).ToHashSet()), Now);
        audit.Record("dossier.shared-facts-updated", nameof(DossierFacts), shared.Id, incidentId, null,
            changed.Count == 0 ? "Faits communs enregistrés sans changement." : "Faits communs à tous les laboratoires : " + string.Join(", ", changed));
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = t["Faits communs enregistrés : ils s'appliquent au dossier de chaque laboratoire."].Value;
        return RedirectToAction("Details", "Incidents", new { id = incidentId });
    }

    [HttpPost]
    public async Task<IActionResult> Prepare(Guid caseId, NotificationKind kind, CancellationToken ct)
    {
        var ctx = await dossiers.LoadAsync(caseId, Now, ct);
        if (ctx is null)
        {
            return NotFound();
        }

        if (!access.CanEditCases)
        {
            return Forbid();
        }

        var (notification, error) = dossiers.Prepare(ctx, kind, User.Identity!.Name!, Now);
        if (error is not null)
        {
            TempData["Error"] = t[error].Value;
            return RedirectToAction(nameof(Index), new { caseId });
        }

        await db.SaveChangesAsync(ct);
        return RedirectToAction(nameof(Notification), new { caseId, notificationId = notification!.Id });
    }

    public async Task<IActionResult> Notification(Guid caseId, Guid notificationId, CancellationToken ct)
    {
        var (ctx, n) = await FindAsync(caseId, notificationId, ct);
        if (ctx is null || n is null)
        {
            return NotFound();
        }

        var summary = await dossiers.SummaryAsync(n, ct);
        return View(new NotificationPage(ctx, n, DossierService.Snapshot(n), summary, access.CanEditCases));
    }

    public async Task<IActionResult> Pdf(Guid caseId, Guid notificationId, CancellationToken ct)
    {
        var (ctx, n) = await FindAsync(caseId, notificationId, ct);
        if (ctx is null || n is null)
        {
            return NotFound();
        }

        var bytes = pdf.Render(DossierService.Snapshot(n), DossierPdf.Filing(n, ctx.TimeZoneId), Now);
        return File(bytes, "application/pdf", DossierPdf.FileName(ctx.Case.Reference, n));
    }

    [HttpPost]
    public async Task<IActionResult> Filed(Guid caseId, Guid notificationId, DateTime? filedAtLocal, string? filedAtOffset, string? cnilNumber,
        string? reasonsForDelay, CancellationToken ct)
    {
        var (ctx, n) = await FindAsync(caseId, notificationId, ct);
        if (ctx is null || n is null)
        {
            return NotFound();
        }

        if (!access.CanEditCases)
        {
            return Forbid();
        }

        var filedAt = filedAtLocal is null ? (DateTime?)null
            : LocalInstant.ToUtc(ModelState, "filedAtLocal", filedAtLocal, filedAtOffset, ctx.TimeZoneId, t);
        var error = filedAtLocal is null ? t["Indiquez la date et l'heure du dépôt sur le site de la CNIL."].Value
            : filedAt is null ? ModelState.Values.SelectMany(v => v.Errors).First().ErrorMessage
            : await dossiers.RecordFilingAsync(ctx, n, filedAt.Value, cnilNumber, reasonsForDelay, User.Identity!.Name!, Now, ct);
        if (error is not null)
        {
            TempData["Error"] = t[error].Value;
            TempData["FiledAt"] = filedAtLocal?.ToString("yyyy-MM-ddTHH:mm", System.Globalization.CultureInfo.InvariantCulture);
            TempData["CnilNumber"] = cnilNumber;
            TempData["Reasons"] = reasonsForDelay;
            return RedirectToAction(nameof(Notification), new { caseId, notificationId });
        }

        await db.SaveChangesAsync(ct);
        TempData["Flash"] = t["Dépôt enregistré."].Value;
        return RedirectToAction(nameof(Notification), new { caseId, notificationId });
    }

    [HttpPost]
    [RequestSizeLimit(DossierService.MaxSummaryBytes + 64 * 1024)]
    [RequestFormLimits(MultipartBodyLengthLimit = DossierService.MaxSummaryBytes + 64 * 1024)]
    public async Task<IActionResult> Summary(Guid caseId, Guid notificationId, IFormFile? file, CancellationToken ct)
    {
        var (ctx, n) = await FindAsync(caseId, notificationId, ct);
        if (ctx is null || n is null)
        {
            return NotFound();
        }

        if (!access.CanEditCases)
        {
            return Forbid();
        }

        var error = await dossiers.AttachSummaryAsync(ctx, n, file, User.Identity!.Name!, Now, ct);
        if (error is not null)
        {
            TempData["Error"] = t[error].Value;
        }
        else
        {
            await db.SaveChangesAsync(ct);
            TempData["Flash"] = t["Récapitulatif de la CNIL enregistré."].Value;
        }

        return RedirectToAction(nameof(Notification), new { caseId, notificationId });
    }

    public async Task<IActionResult> SummaryPdf(Guid caseId, Guid notificationId, CancellationToken ct)
    {
        var (ctx, n) = await FindAsync(caseId, notificationId, ct);
        var document = n is null ? null : await dossiers.SummaryAsync(n, ct);
        if (ctx is null || document is null)
        {
            return NotFound();
        }

        return File(document.Content, "application/pdf", $"recapitulatif-cnil-{ctx.Case.Reference}-{n!.Sequence}.pdf");
    }

    public async Task<IActionResult> Health(Guid caseId, CancellationToken ct)
    {
        var ctx = await dossiers.LoadAsync(caseId, Now, ct);
        return ctx is null ? NotFound() : View(new HealthPage(ctx, ctx.HealthReport(Now), access.CanEditCases));
    }

    public async Task<IActionResult> HealthPdf(Guid caseId, CancellationToken ct)
    {
        var ctx = await dossiers.LoadAsync(caseId, Now, ct);
        if (ctx is null)
        {
            return NotFound();
        }

        return File(pdf.Render(ctx.HealthReport(Now), null, Now), "application/pdf", $"signalement-sante-{ctx.Case.Reference}.pdf");
    }

    [HttpPost]
    public async Task<IActionResult> HealthFiled(Guid caseId, DateTime? filedAtLocal, string? filedAtOffset, string? portalReference, CancellationToken ct)
    {
        var ctx = await dossiers.LoadAsync(caseId, Now, ct);
        if (ctx is null)
        {
            return NotFound();
        }

        if (!access.CanEditCases)
        {
            return Forbid();
        }

        var filedAt = filedAtLocal is null ? Now : LocalInstant.ToUtc(ModelState, "filedAtLocal", filedAtLocal, filedAtOffset, ctx.TimeZoneId, t);
        var error = filedAt is null ? ModelState.Values.SelectMany(v => v.Errors).First().ErrorMessage
            : await dossiers.RecordHealthReportAsync(ctx, filedAt.Value, portalReference, User.Identity!.Name!, Now, ct);
        if (error is not null)
        {
            TempData["Error"] = t[error].Value;
            return RedirectToAction(nameof(Health), new { caseId });
        }

        await db.SaveChangesAsync(ct);
        TempData["Flash"] = t["Signalement enregistré."].Value;
        return RedirectToAction(nameof(Health), new { caseId });
    }

    private async Task<(DossierContext? Ctx, CnilNotification? Notification)> FindAsync(Guid caseId, Guid notificationId, CancellationToken ct)
    {
        var ctx = await dossiers.LoadAsync(caseId, Now, ct);
        return (ctx, ctx?.Notifications.FirstOrDefault(n => n.Id == notificationId));
    }
}

public sealed record DossierPage(DossierContext Context, DossierDocument Draft, bool CanEdit, bool CanEditShared);

public sealed record NotificationPage(DossierContext Context, CnilNotification Notification, DossierDocument Snapshot, StoredDocument? Summary, bool CanEdit);

public sealed record HealthPage(DossierContext Context, DossierDocument Report, bool CanEdit);

public sealed record FactsPage(Guid? CaseId, Guid IncidentId, string? LaboratoryName, string IncidentReference, bool Shared, FactsForm Form,
    IReadOnlyList<ReferenceOption> AllOptions, int? EffectiveSubjectCount, int Imported)
{
    // Active options, plus any inactive one still selected (so that saving does not silently drop it).
    public IEnumerable<ReferenceOption> Options(OptionList list, IReadOnlyCollection<string> selected) =>
        AllOptions.Where(o => o.List == list && (o.Active || selected.Contains(o.Code)));
}
