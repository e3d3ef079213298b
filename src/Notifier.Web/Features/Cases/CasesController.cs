using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Notifier.Core.Audit;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Import;
using Notifier.Core.Laboratories;
using Notifier.Core.Subjects;
using Notifier.Web.Features.Laboratories;
using Notifier.Web.Features.Shared;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Cases;

[Authorize(Policy = Policies.ViewCases)]
public sealed class CasesController(NotifierDbContext db, LabAccess access, AuditTrail audit, TimeProvider clock,
    Deadlines.CaseClocks clocks, IStringLocalizer<SharedResource> t) : Controller
{
    public async Task<IActionResult> Details(Guid id, CancellationToken ct)
    {
        var c = await access.FindCaseAsync(id, ct);
        if (c is null)
        {
            return NotFound();
        }

        var notices = await db.ProcessorNotices.Where(n => n.ControllerCaseId == id).OrderBy(n => n.ReceivedAtUtc)
            .Join(db.Processors, n => n.ProcessorId, p => p.Id, (n, p) => new NoticeRow(p.Name, n.SentAtUtc, n.ReceivedAtUtc, n.Content))
            .ToListAsync(ct);
        var subjects = await db.Subjects.Where(s => s.ControllerCaseId == id)
            .GroupBy(_ => 1)
            .Select(g => new SubjectSummary(g.Count(), g.Count(s => s.IsMinor), g.Count(s => s.HasEmail),
                g.Count(s => s.ReviewReason != ReviewReason.None)))
            .FirstOrDefaultAsync(ct) ?? new SubjectSummary(0, 0, 0, 0);
        var trail = await db.AuditEntries.Where(a => a.ControllerCaseId == id).OrderByDescending(a => a.AtUtc).Take(50).ToListAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var caseClock = await clocks.ForCaseAsync(access.Cases(), id, now, ct);
        var imports = await db.ImportRuns.AsNoTracking().Where(r => r.ControllerCaseId == id && r.State != ImportState.Draft)
            .OrderByDescending(r => r.CreatedAtUtc).Take(20).ToListAsync(ct);
        var canImport = await access.FindCaseForPersonsAsync(id, ct) is not null;
        return View(new CaseDetails(c, notices, subjects, trail, access.CanEditCases, caseClock!, now) { Imports = imports, CanImport = canImport });
    }

    [Authorize(Policy = Policies.ManageIncidents)]
    public async Task<IActionResult> Create(Guid incidentId, CancellationToken ct)
    {
        var incident = await access.FindIncidentAsync(incidentId, ct);
        if (incident is null)
        {
            return NotFound();
        }

        await LoadChoicesAsync(incidentId, ct);
        return View(new CaseForm { IncidentId = incidentId });
    }

    [HttpPost]
    [Authorize(Policy = Policies.ManageIncidents)]
    public async Task<IActionResult> Create(Guid incidentId, CaseForm form, CancellationToken ct)
    {
        var incident = await access.FindIncidentAsync(incidentId, ct);
        if (incident is null)
        {
            return NotFound();
        }

        form.IncidentId = incidentId;
        Laboratory? lab = null;
        if (form.ExistingLaboratoryId is { } labId)
        {
            // An existing laboratory keeps its identity: the typed laboratory fields are not used.
            foreach (var key in ModelState.Keys.Where(k => k.StartsWith("Lab.", StringComparison.Ordinal)).ToList())
            {
                ModelState.Remove(key);
            }

            lab = await access.Laboratories().FirstOrDefaultAsync(l => l.Id == labId, ct);
            if (lab is null)
            {
                ModelState.AddModelError(nameof(form.ExistingLaboratoryId), t["Laboratoire inconnu."]);
            }
            else if (await db.Cases.AnyAsync(c => c.IncidentId == incidentId && c.LaboratoryId == labId, ct))
            {
                ModelState.AddModelError(nameof(form.ExistingLaboratoryId), t["Ce laboratoire fait déjà partie de cet incident."]);
            }
        }

        var timeZone = lab?.TimeZoneId ?? form.Lab.TimeZoneId;
        var instants = ResolveInstants(form, timeZone);
        if (!ModelState.IsValid)
        {
            await LoadChoicesAsync(incidentId, ct);
            return View(form);
        }

        var @case = await CaseEditing.AddAsync(db, incident, lab, form.Lab, ToUpdate(form, instants), clock.GetUtcNow().UtcDateTime, ct);
        audit.Record("case.created", nameof(ControllerCase), @case.Id, incidentId, @case.Id, "Laboratoire ajouté à l'incident.");
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = t["Laboratoire ajouté à l'incident."].Value;
        return RedirectToAction(nameof(Details), new { id = @case.Id });
    }

    public async Task<IActionResult> Edit(Guid id, CancellationToken ct)
    {
        if (!access.CanEditCases)
        {
            return Forbid();
        }

        var c = await access.FindCaseAsync(id, ct);
        if (c is null)
        {
            return NotFound();
        }

        var tz = c.Laboratory!.TimeZoneId;
        return View(new CaseForm
        {
            IncidentId = c.IncidentId,
            Lab = LaboratoryInput.From(c.Laboratory),
            FirstSignalAtLocal = LocalInstant.ToLocalInput(c.FirstSignalAtUtc, tz),
            FirstSignalAtOffset = LocalInstant.OffsetOf(c.FirstSignalAtUtc, tz),
            SignalSource = c.SignalSource,
            InvestigationStartedAtLocal = LocalInstant.ToLocalInput(c.InvestigationStartedAtUtc, tz),
            InvestigationStartedAtOffset = LocalInstant.OffsetOf(c.InvestigationStartedAtUtc, tz),
            AwareAtLocal = LocalInstant.ToLocalInput(c.AwareAtUtc, tz),
            AwareAtOffset = LocalInstant.OffsetOf(c.AwareAtUtc, tz),
            AwareJustification = c.AwareJustification,
            EstimatedSubjectCount = c.EstimatedSubjectCount,
            Nis2Applicable = c.Nis2Applicable,
            Notes = c.Notes,
            Status = c.Status,
            OriginalStatus = c.Status,
            ConcurrencyStamp = c.ConcurrencyStamp,
        });
    }

    [HttpPost]
    public async Task<IActionResult> Edit(Guid id, CaseForm form, CancellationToken ct)
    {
        if (!access.CanEditCases)
        {
            return Forbid();
        }

        var c = await access.FindCaseAsync(id, ct);
        if (c is null)
        {
            return NotFound();
        }

        form.IncidentId = c.IncidentId;
        var instants = ResolveInstants(form, form.Lab.TimeZoneId);
        if (form.ConcurrencyStamp != c.ConcurrencyStamp)
        {
            ModelState.AddModelError("", t["Ce dossier a été modifié par quelqu'un d'autre depuis l'ouverture du formulaire. Rechargez la page pour voir ses modifications."]);
        }

        if (!ModelState.IsValid)
        {
            return View(form);
        }

        CaseEditing.Edit(db, audit, c, form.Lab, ToUpdate(form, instants), clock.GetUtcNow().UtcDateTime, "");

        await db.SaveChangesAsync(ct);
        TempData["Flash"] = t["Modifications enregistrées."].Value;
        return RedirectToAction(nameof(Details), new { id });
    }

    private static CaseUpdate ToUpdate(CaseForm f, (DateTime? FirstSignal, DateTime? Investigation, DateTime? Aware) instants) =>
        new(instants.FirstSignal, f.SignalSource, instants.Investigation, instants.Aware, f.AwareJustification,
            f.EstimatedSubjectCount, f.Nis2Applicable, f.Notes, f.OriginalStatus is { } original && f.Status != original ? f.Status : null);

    private (DateTime? FirstSignal, DateTime? Investigation, DateTime? Aware) ResolveInstants(CaseForm f, string timeZoneId)
    {
        var signal = LocalInstant.ToUtc(ModelState, nameof(f.FirstSignalAtLocal), f.FirstSignalAtLocal, f.FirstSignalAtOffset, timeZoneId, t);
        var investigation = LocalInstant.ToUtc(ModelState, nameof(f.InvestigationStartedAtLocal), f.InvestigationStartedAtLocal,
            f.InvestigationStartedAtOffset, timeZoneId, t);
        var aware = LocalInstant.ToUtc(ModelState, nameof(f.AwareAtLocal), f.AwareAtLocal, f.AwareAtOffset, timeZoneId, t);
        var update = ToUpdate(f, (signal, investigation, aware));
        foreach (var (field, message) in update.Validate(clock.GetUtcNow().UtcDateTime, f.OriginalStatus ?? CaseStatus.Investigating))
        {
            var key = field switch
            {
                nameof(CaseUpdate.AwareAtUtc) => nameof(f.AwareAtLocal),
                _ => field,
            };
            ModelState.AddModelError(key, t[message]);
        }

        return (signal, investigation, aware);
    }

    private async Task LoadChoicesAsync(Guid incidentId, CancellationToken ct)
    {
        ViewData["Incident"] = await db.Incidents.Where(i => i.Id == incidentId).Select(i => i.Reference + " — " + i.Title).FirstAsync(ct);
        ViewData["Laboratories"] = await access.Laboratories()
            .Where(l => !db.Cases.Any(c => c.IncidentId == incidentId && c.LaboratoryId == l.Id))
            .OrderBy(l => l.Name).Select(l => new LabChoice(l.Id, l.Name, l.Address.City)).ToListAsync(ct);
    }
}

public static class CaseMessages
{
    public static string For(string rule) => rule switch
    {
        CaseRuleErrors.AwarenessNeedsJustification => "Expliquez pourquoi la violation est considérée comme constatée à cet instant (art. 33 RGPD, lignes directrices 9/2022 du CEPD).",
        CaseRuleErrors.AwarenessInFuture => "La prise de connaissance ne peut pas être dans le futur.",
        CaseRuleErrors.AwarenessBeforeSignal => "La prise de connaissance ne peut pas précéder le premier signal.",
        _ => rule,
    };
}

public sealed record LabChoice(Guid Id, string Name, string City);

public sealed record NoticeRow(string Processor, DateTime? SentAtUtc, DateTime ReceivedAtUtc, string Content);

public sealed record SubjectSummary(int Total, int Minors, int WithEmail, int ManualReview);

public sealed record CaseDetails(ControllerCase Case, IReadOnlyList<NoticeRow> Notices, SubjectSummary Subjects,
    IReadOnlyList<AuditEntry> Trail, bool CanEdit, Deadlines.CaseClock Clock, DateTime NowUtc)
{
    public IReadOnlyList<ImportRun> Imports { get; init; } = [];
    public bool CanImport { get; init; }
    public int DistinctPersonsInIncident { get; init; }
}
