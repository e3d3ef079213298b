using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Incidents;
using Notifier.Web.Features.Shared;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Incidents;

[Authorize(Policy = Policies.ViewCases)]
public sealed class IncidentsController(NotifierDbContext db, LabAccess access, AuditTrail audit, TimeProvider clock,
    IStringLocalizer<SharedResource> t) : Controller
{
    public async Task<IActionResult> Index(CancellationToken ct)
    {
        var visibleCases = access.Cases();
        var rows = await access.Incidents()
            .OrderByDescending(i => i.CreatedAtUtc)
            .Select(i => new IncidentRow(i.Id, i.Reference, i.Title, i.TimeZoneId, i.DiscoveredAtUtc,
                visibleCases.Count(c => c.IncidentId == i.Id),
                visibleCases.Where(c => c.IncidentId == i.Id).Sum(c => (long?)c.EstimatedSubjectCount) ?? 0,
                visibleCases.Count(c => c.IncidentId == i.Id && c.AwareAtUtc != null)))
            .ToListAsync(ct);
        return View(rows);
    }

    public async Task<IActionResult> Details(Guid id, CancellationToken ct)
    {
        var incident = await access.FindIncidentAsync(id, ct);
        if (incident is null)
        {
            return NotFound();
        }

        var cases = await access.Cases().Where(c => c.IncidentId == id)
            .OrderBy(c => c.Reference)
            .Select(c => new CaseRow(c.Id, c.Reference, c.Laboratory!.Name, c.Laboratory.Address.City, c.Laboratory.Address.PostalCode,
                c.Laboratory.TimeZoneId, c.AwareAtUtc, c.SignalSource, c.Status, c.EstimatedSubjectCount, c.Laboratory.Dpo.Name))
            .ToListAsync(ct);
        var subjectCounts = await db.Subjects.Where(s => access.Cases().Any(c => c.Id == s.ControllerCaseId && c.IncidentId == id))
            .GroupBy(s => s.ControllerCaseId).Select(g => new { g.Key, Count = g.Count() }).ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        // The same person in several labs is one subject per lab (separate controllers) sharing a PersonId (import de-duplication).
        var distinct = await db.Subjects.Where(s => access.Cases().Any(c => c.Id == s.ControllerCaseId && c.IncidentId == id))
            .Select(s => s.PersonId ?? s.Id).Distinct().CountAsync(ct);
        return View(new IncidentDetails(incident, cases, subjectCounts, access.CanManageIncidents, access.CanEditCases) { DistinctPersons = distinct });
    }

    [Authorize(Policy = Policies.ManageIncidents)]
    public IActionResult Create() => View("Edit", new IncidentForm { Reference = $"INC-{clock.GetUtcNow():yyyyMMdd}" });

    [HttpPost]
    [Authorize(Policy = Policies.ManageIncidents)]
    public async Task<IActionResult> Create(IncidentForm form, CancellationToken ct)
    {
        var instants = ResolveInstants(form);
        if (await db.Incidents.AnyAsync(i => i.Reference == form.Reference.Trim(), ct))
        {
            ModelState.AddModelError(nameof(form.Reference), t["Cette référence est déjà utilisée par un autre incident."]);
        }

        if (!ModelState.IsValid)
        {
            return View("Edit", form);
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var incident = new Incident(Guid.CreateVersion7(), form.Reference.Trim(), form.Title.Trim(), now);
        form.ApplyTo(incident, instants.Start, instants.End, instants.Discovered, () => IncidentInput.NewProcessor(db));
        db.Incidents.Add(incident);
        audit.Record("incident.created", nameof(Incident), incident.Id, incident.Id, null, "Incident créé.");
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = t["Incident créé. Ajoutez maintenant les laboratoires concernés."].Value;
        return RedirectToAction(nameof(Details), new { id = incident.Id });
    }

    [Authorize(Policy = Policies.ManageIncidents)]
    public async Task<IActionResult> Edit(Guid id, CancellationToken ct)
    {
        var incident = await access.FindIncidentAsync(id, ct);
        if (incident is null)
        {
            return NotFound();
        }

        var form = new IncidentForm
        {
            OccurrenceStartLocal = LocalInstant.ToLocalInput(incident.OccurrenceStartUtc, incident.TimeZoneId),
            OccurrenceStartOffset = LocalInstant.OffsetOf(incident.OccurrenceStartUtc, incident.TimeZoneId),
            OccurrenceEndLocal = LocalInstant.ToLocalInput(incident.OccurrenceEndUtc, incident.TimeZoneId),
            OccurrenceEndOffset = LocalInstant.OffsetOf(incident.OccurrenceEndUtc, incident.TimeZoneId),
            DiscoveredAtLocal = LocalInstant.ToLocalInput(incident.DiscoveredAtUtc, incident.TimeZoneId),
            DiscoveredAtOffset = LocalInstant.OffsetOf(incident.DiscoveredAtUtc, incident.TimeZoneId),
            ConcurrencyStamp = incident.ConcurrencyStamp,
        };
        form.CopyFrom(incident);
        ViewData["IncidentId"] = id;
        return View(form);
    }

    [HttpPost]
    [Authorize(Policy = Policies.ManageIncidents)]
    public async Task<IActionResult> Edit(Guid id, IncidentForm form, CancellationToken ct)
    {
        var incident = await access.FindIncidentAsync(id, ct);
        if (incident is null)
        {
            return NotFound();
        }

        ViewData["IncidentId"] = id;
        var instants = ResolveInstants(form);
        if (await db.Incidents.AnyAsync(i => i.Reference == form.Reference.Trim() && i.Id != id, ct))
        {
            ModelState.AddModelError(nameof(form.Reference), t["Cette référence est déjà utilisée par un autre incident."]);
        }

        if (form.ConcurrencyStamp != incident.ConcurrencyStamp)
        {
            ModelState.AddModelError("", t["Cet incident a été modifié par quelqu'un d'autre depuis l'ouverture du formulaire. Rechargez la page pour voir ses modifications."]);
        }

        if (!ModelState.IsValid)
        {
            return View(form);
        }

        form.ApplyTo(incident, instants.Start, instants.End, instants.Discovered, () => IncidentInput.NewProcessor(db));
        var changed = AuditTrail.ChangedFields(db.ChangeTracker.Entries().Where(e => e.Entity == incident || e.Entity == incident.Processor).ToArray());
        if (changed.Length > 0)
        {
            incident.Touch(clock.GetUtcNow().UtcDateTime);
            audit.Record("incident.updated", nameof(Incident), incident.Id, incident.Id, null, "Champs modifiés : " + changed);
        }

        await db.SaveChangesAsync(ct);
        TempData["Flash"] = t["Modifications enregistrées."].Value;
        return RedirectToAction(nameof(Details), new { id });
    }

    private (DateTime? Start, DateTime? End, DateTime? Discovered) ResolveInstants(IncidentForm f)
    {
        var start = f.OccurrenceStartUnknown ? null
            : LocalInstant.ToUtc(ModelState, nameof(f.OccurrenceStartLocal), f.OccurrenceStartLocal, f.OccurrenceStartOffset, f.TimeZoneId, t);
        var end = f.OccurrenceEndUnknown ? null
            : LocalInstant.ToUtc(ModelState, nameof(f.OccurrenceEndLocal), f.OccurrenceEndLocal, f.OccurrenceEndOffset, f.TimeZoneId, t);
        var discovered = LocalInstant.ToUtc(ModelState, nameof(f.DiscoveredAtLocal), f.DiscoveredAtLocal, f.DiscoveredAtOffset, f.TimeZoneId, t);
        foreach (var field in Incident.Validate(start, end, discovered))
        {
            if (field == nameof(Incident.OccurrenceEndUtc))
            {
                ModelState.AddModelError(nameof(f.OccurrenceEndLocal), t["La fin de la violation ne peut pas précéder son début."]);
            }
            else
            {
                ModelState.AddModelError(nameof(f.DiscoveredAtLocal), t["La découverte ne peut pas précéder le début de la violation."]);
            }
        }

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var (key, value) in new[] { (nameof(f.OccurrenceStartLocal), start), (nameof(f.OccurrenceEndLocal), end), (nameof(f.DiscoveredAtLocal), discovered) })
        {
            if (value > now)
            {
                ModelState.AddModelError(key, t["Cette date est dans le futur."]);
            }
        }

        return (start, end, discovered);
    }
}

public sealed record IncidentRow(Guid Id, string Reference, string Title, string TimeZoneId, DateTime? DiscoveredAtUtc,
    int LabCount, long EstimatedSubjects, int AwareCount);

public sealed record CaseRow(Guid Id, string Reference, string LabName, string City, string PostalCode, string TimeZoneId,
    DateTime? AwareAtUtc, SignalSource? SignalSource, CaseStatus Status, int? EstimatedSubjectCount, string DpoName);

public sealed record IncidentDetails(Incident Incident, IReadOnlyList<CaseRow> Cases, IReadOnlyDictionary<Guid, int> SubjectCounts,
    bool CanManage, bool CanEditCases)
{
    public int DistinctPersons { get; init; }
}
