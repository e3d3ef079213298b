using Microsoft.EntityFrameworkCore;
using Notifier.Core.Data;
using Notifier.Core.Deadlines;
using Notifier.Web.Infrastructure;

namespace Notifier.Web.Features.Deadlines;

// Recording what a laboratory did about an obligation; shared by the case page and the API.
// Returns the French message of the rule broken, or null when saved (the caller saves).
public sealed class ObligationCommands(NotifierDbContext db, AuditTrail audit)
{
    public static string Message(string rule) => rule switch
    {
        ObligationRuleErrors.ReasonsRequired => "Déposée après l'échéance : indiquez les motifs du retard (RGPD art. 33(1)).",
        ObligationRuleErrors.CompletedInFuture => "Cette date est dans le futur.",
        ObligationRuleErrors.NotApplicableReasonRequired => "Indiquez pourquoi cette obligation est sans objet.",
        _ => rule,
    };

    public async Task<string?> CompleteAsync(CaseClock clock, ObligationKind kind, DateTime completedAtUtc, string? reference, string? reasons,
        string actor, DateTime nowUtc, CancellationToken ct)
    {
        var record = await RecordAsync(clock, kind, ct);
        var obligation = clock[kind];
        // "Sans délai" obligations have no number of hours: they are never late (Deadlines.For).
        var due = obligation.DueImmediately ? null : obligation.DueUtc;
        var error = record.Complete(completedAtUtc, due, reasons ?? "", reference ?? "", actor, nowUtc);
        if (error is not null)
        {
            return Message(error);
        }

        var lateness = record.CompletedLate ? $" (en retard de {record.LatenessMinutes} min, motifs consignés)" : "";
        audit.Record("obligation.completed", nameof(ObligationRecord), record.Id, clock.Case.IncidentId, clock.Case.Id,
            $"{ObligationLabels.Of(kind)} : marquée faite{lateness}.");
        return null;
    }

    public async Task<string?> NotApplicableAsync(CaseClock clock, ObligationKind kind, string? reason, string actor, DateTime nowUtc, CancellationToken ct)
    {
        var record = await RecordAsync(clock, kind, ct);
        var error = record.MarkNotApplicable(reason ?? "", actor, nowUtc);
        if (error is not null)
        {
            return Message(error);
        }

        audit.Record("obligation.not-applicable", nameof(ObligationRecord), record.Id, clock.Case.IncidentId, clock.Case.Id,
            $"{ObligationLabels.Of(kind)} : sans objet (motif consigné).");
        return null;
    }

    public async Task ReopenAsync(CaseClock clock, ObligationKind kind, CancellationToken ct)
    {
        var record = await RecordAsync(clock, kind, ct);
        record.Reopen();
        audit.Record("obligation.reopened", nameof(ObligationRecord), record.Id, clock.Case.IncidentId, clock.Case.Id,
            $"{ObligationLabels.Of(kind)} : rouverte.");
    }

    private async Task<ObligationRecord> RecordAsync(CaseClock clock, ObligationKind kind, CancellationToken ct)
    {
        var record = await db.Obligations.FirstOrDefaultAsync(o => o.ControllerCaseId == clock.Case.Id && o.Kind == kind, ct);
        if (record is null)
        {
            record = new ObligationRecord(Guid.CreateVersion7(), clock.Case.Id, kind);
            db.Obligations.Add(record);
        }

        return record;
    }
}
