using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Notifier.Core.Cases;
using Notifier.Core.Data;
using Notifier.Core.Identity;
using Notifier.Core.Incidents;
using Notifier.Core.Laboratories;
using Notifier.Core.Letters;

namespace Notifier.Web.Infrastructure;

// The one place that decides which laboratories a user may reach. Every page, API call and download goes through it:
// a case outside the user's reach is "not found" (404), so that its existence is not even confirmed.
public sealed class LabAccess(NotifierDbContext db, IHttpContextAccessor http)
{
    private ClaimsPrincipal User => http.HttpContext?.User ?? new ClaimsPrincipal();

    public Guid UserId => User.UserId() ?? Guid.Empty;

    public bool SeesAllLabs => User.IsInRole(Roles.Admin) || User.IsInRole(Roles.ComplianceOfficer);

    public bool CanManageIncidents => SeesAllLabs;

    // Lab DPOs edit their own labs' cases; the compliance officer and the admin edit any.
    public bool CanEditCases => SeesAllLabs || User.IsInRole(Roles.LabDpo);

    public IQueryable<Laboratory> Laboratories()
    {
        if (SeesAllLabs)
        {
            return db.Laboratories;
        }

        var userId = UserId;
        return db.Laboratories.Where(l => db.LabAssignments.Any(a => a.UserId == userId && a.LaboratoryId == l.Id));
    }

    public IQueryable<ControllerCase> Cases()
    {
        if (SeesAllLabs)
        {
            return db.Cases;
        }

        if (!User.IsInRole(Roles.LabDpo))
        {
            return db.Cases.Where(_ => false);
        }

        var userId = UserId;
        return db.Cases.Where(c => db.LabAssignments.Any(a => a.UserId == userId && a.LaboratoryId == c.LaboratoryId));
    }

    // A DPO sees an incident (its shared facts) when at least one of their laboratories is in it.
    public IQueryable<Incident> Incidents()
    {
        if (SeesAllLabs)
        {
            return db.Incidents;
        }

        var visible = Cases();
        return db.Incidents.Where(i => visible.Any(c => c.IncidentId == i.Id));
    }

    public Task<ControllerCase?> FindCaseAsync(Guid caseId, CancellationToken ct) =>
        Cases().Include(c => c.Laboratory).Include(c => c.Incident).FirstOrDefaultAsync(c => c.Id == caseId, ct);

    // A case whose persons' records the user may see: only a DPO of that laboratory.
    // Through the lab assignment itself, whatever other role the user holds.
    public Task<ControllerCase?> FindCaseForPersonsAsync(Guid caseId, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.LabDpo))
        {
            return Task.FromResult<ControllerCase?>(null);
        }

        var userId = UserId;
        return db.Cases.Include(c => c.Laboratory).Include(c => c.Incident)
            .Where(c => db.LabAssignments.Any(a => a.UserId == userId && a.LaboratoryId == c.LaboratoryId))
            .FirstOrDefaultAsync(c => c.Id == caseId, ct);
    }

    // A case whose postal batches the user may handle: an admin, or the mailroom or DPO of that laboratory
    // (through the lab assignment). The compliance officer sees no address.
    public Task<ControllerCase?> FindCaseForMailAsync(Guid caseId, CancellationToken ct)
    {
        if (!User.IsInRole(Roles.Admin) && !User.IsInRole(Roles.Mailroom) && !User.IsInRole(Roles.LabDpo))
        {
            return Task.FromResult<ControllerCase?>(null);
        }

        var labs = User.IsInRole(Roles.Admin) ? db.Laboratories : AssignedLaboratories();
        return db.Cases.Include(c => c.Laboratory).Include(c => c.Incident)
            .Where(c => labs.Any(l => l.Id == c.LaboratoryId))
            .FirstOrDefaultAsync(c => c.Id == caseId, ct);
    }

    // A postal batch with its case, when the user may handle that case's mail (FindCaseForMailAsync); tracked when the
    // caller changes the batch.
    public async Task<(PostalBatch? Batch, ControllerCase? Case)> FindBatchForMailAsync(Guid batchId, CancellationToken ct, bool tracked = false)
    {
        var batch = tracked
            ? await db.PostalBatches.FirstOrDefaultAsync(b => b.Id == batchId, ct)
            : await db.PostalBatches.AsNoTracking().FirstOrDefaultAsync(b => b.Id == batchId, ct);
        if (batch is null)
        {
            return (null, null);
        }

        var @case = await FindCaseForMailAsync(batch.ControllerCaseId, ct);
        return @case is null ? (null, null) : (batch, @case);
    }

    public IQueryable<ControllerCase> CasesForMail()
    {
        if (User.IsInRole(Roles.Admin))
        {
            return db.Cases;
        }

        if (!User.IsInRole(Roles.Mailroom) && !User.IsInRole(Roles.LabDpo))
        {
            return db.Cases.Where(_ => false);
        }

        var labs = AssignedLaboratories();
        return db.Cases.Where(c => labs.Any(l => l.Id == c.LaboratoryId));
    }

    private IQueryable<Laboratory> AssignedLaboratories()
    {
        var userId = UserId;
        return db.Laboratories.Where(l => db.LabAssignments.Any(a => a.UserId == userId && a.LaboratoryId == l.Id));
    }

    public Task<Incident?> FindIncidentAsync(Guid incidentId, CancellationToken ct) =>
        Incidents().Include(i => i.Processor).FirstOrDefaultAsync(i => i.Id == incidentId, ct);
}
