using Microsoft.EntityFrameworkCore;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Incidents;
using Notifier.Core.Laboratories;
using Notifier.Web.Features.Laboratories;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Cases;

// Adding a laboratory to an incident and editing a case, shared by the form and the API.
public static class CaseEditing
{
    // Applies the laboratory's identity and the case facts; when anything changed, stamps the case and records the
    // names of the changed fields (never their values) in the same unit of work. The caller saves.
    public static void Edit(NotifierDbContext db, AuditTrail audit, ControllerCase c, LaboratoryInput lab, CaseUpdate facts,
        DateTime nowUtc, string source)
    {
        lab.ApplyTo(c.Laboratory!);
        facts.ApplyTo(c);
        var changed = AuditTrail.ChangedFields(db.ChangeTracker.Entries().Where(e => e.Entity == c || e.Entity == c.Laboratory).ToArray());
        if (changed.Length > 0)
        {
            c.Touch(nowUtc);
            audit.Record("case.updated", nameof(ControllerCase), c.Id, c.IncidentId, c.Id, $"Champs modifiés{source} : {changed}");
        }
    }

    // A new or existing laboratory and a case numbered after the incident ("DEMO-2021-02-L07").
    public static async Task<ControllerCase> AddAsync(NotifierDbContext db, Incident incident, Laboratory? existing, LaboratoryInput? input,
        CaseUpdate facts, DateTime nowUtc, CancellationToken ct)
    {
        var lab = existing;
        if (lab is null)
        {
            ArgumentNullException.ThrowIfNull(input);
            lab = new Laboratory(Guid.CreateVersion7(), input.Name.Trim());
            input.ApplyTo(lab);
            db.Laboratories.Add(lab);
        }

        var number = await db.Cases.CountAsync(c => c.IncidentId == incident.Id, ct) + 1;
        var reference = $"{incident.Reference}-L{number:00}";
        while (await db.Cases.AnyAsync(c => c.Reference == reference, ct))
        {
            reference = $"{incident.Reference}-L{++number:00}";
        }

        var @case = new ControllerCase(Guid.CreateVersion7(), incident.Id, lab.Id, reference, nowUtc);
        facts.ApplyTo(@case);
        db.Cases.Add(@case);
        return @case;
    }
}
