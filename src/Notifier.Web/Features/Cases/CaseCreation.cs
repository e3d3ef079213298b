using Microsoft.EntityFrameworkCore;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Incidents;
using Notifier.Core.Laboratories;
using Notifier.Web.Features.Laboratories;

namespace Notifier.Web.Features.Cases;

// Adding a laboratory to an incident, shared by the form and the API: the laboratory (new or existing) and a
// case numbered after the incident ("DEMO-2021-02-L07").
public static class CaseCreation
{
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
