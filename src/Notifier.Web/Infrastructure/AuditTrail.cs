using Microsoft.EntityFrameworkCore.ChangeTracking;
using Notifier.Core.Audit;
using Notifier.Core.Data;

namespace Notifier.Web.Infrastructure;

// Adds an entry to the same unit of work as the change it describes, so both are saved or neither is.
// Summaries name fields, never their values: the trail must hold no personal data (Non-negotiable 5).
public sealed class AuditTrail(NotifierDbContext db, IHttpContextAccessor http, TimeProvider clock)
{
    public void Record(string action, string entityType, Guid entityId, Guid? incidentId, Guid? caseId, string summary)
    {
        var user = http.HttpContext?.User;
        var actor = user?.Identity?.IsAuthenticated == true ? user.Identity.Name ?? "?" : "système";
        RecordAs(user?.UserId(), actor, action, entityType, entityId, incidentId, caseId, summary);
    }

    // For a background job acting on a user's behalf (an import started by a DPO): no request to take the user from.
    public void RecordAs(Guid? userId, string actor, string action, string entityType, Guid entityId, Guid? incidentId, Guid? caseId, string summary) =>
        db.AuditEntries.Add(new AuditEntry(Guid.CreateVersion7(), clock.GetUtcNow().UtcDateTime, userId, actor,
            action, entityType, entityId, incidentId, caseId, summary));

    // "Champs modifiés : AwareAtUtc, Status" — names of the properties (and owned sub-objects) that changed.
    public static string ChangedFields(params EntityEntry[] entries)
    {
        var names = new List<string>();
        foreach (var entry in entries)
        {
            names.AddRange(entry.Properties.Where(p => p.IsModified && p.Metadata.Name is not "ConcurrencyStamp" and not "UpdatedAtUtc")
                .Select(p => p.Metadata.Name));
            foreach (var reference in entry.References.Where(r => r.TargetEntry is not null && r.Metadata.TargetEntityType.IsOwned()))
            {
                names.AddRange(reference.TargetEntry!.Properties.Where(p => p.IsModified)
                    .Select(p => reference.Metadata.Name + "." + p.Metadata.Name));
            }
        }

        return names.Count == 0 ? "" : string.Join(", ", names.Distinct());
    }
}
